package dev.jita.asl.data;

/**
 * Walks the text of a path counting brackets and parentheses, with nothing inside '...' or "..." counting: Path
 * checks with it that a path is balanced, Intrinsic's parser finds with it where a path argument ends.
 */
final class PathScanner {
    private final String s;
    private int pos;
    private int depth;
    private char quote;

    private PathScanner(String s, int from) {
        this.s = s;
        this.pos = from;
    }

    /**
     * Where a path argument starting at {@code from} ends: at the first ',' outside brackets, at the first ')' or
     * ']' that closes nothing opened after {@code from}, or at the end of the text.
     */
    static int argumentEnd(String s, int from) {
        return new PathScanner(s, from).scan(true);
    }

    /** True when every bracket, parenthesis and quote of {@code s} is closed and none closes what was not opened. */
    static boolean balanced(String s) {
        PathScanner scanner = new PathScanner(s, 0);
        return scanner.scan(false) == s.length() && scanner.depth == 0 && scanner.quote == 0;
    }

    /** Advances to an unopened closer, a top-level ',' when {@code stopAtComma}, or the end; returns the index. */
    private int scan(boolean stopAtComma) {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0 && stopAtComma) {
                break;
            }
            pos++;
        }
        return pos;
    }
}
