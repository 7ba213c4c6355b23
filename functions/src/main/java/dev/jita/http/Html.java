package dev.jita.http;

/**
 * The one HTML escaping function of jita: every value that goes into a page or an e-mail passes through here.
 * Safe in element text and in quoted attribute values; never put a value in a script, a style or an unquoted
 * attribute (jita's pages have none).
 */
public final class Html {

    private Html() {
    }

    /** {@code &}, {@code <}, {@code >}, {@code "} and {@code '} as character references; null becomes "". */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            String replacement = switch (text.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(text.charAt(i));
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
