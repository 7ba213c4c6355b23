package dev.jita.grant;

/** Valid identity policies of an exact size as IAM counts it (white space not counted). */
final class PolicyDocs {

    private static final String TEMPLATE =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"%s\",\"Effect\":\"Allow\","
                    + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/k\"}]}";
    private static final int BASE = String.format(TEMPLATE, "").length();

    private PolicyDocs() {
    }

    /** A compact policy of exactly {@code counted} characters. */
    static String ofSize(int counted) {
        if (counted < BASE) {
            throw new IllegalArgumentException("smallest policy here has " + BASE + " characters");
        }
        return String.format(TEMPLATE, "S".repeat(counted - BASE));
    }

    /** The same policy with {@code spaces} extra white space characters spread through it. */
    static String ofSizeWithWhitespace(int counted, int spaces) {
        String compact = ofSize(counted);
        String pad = " \n\t ".repeat(spaces / 4 + 1).substring(0, spaces);
        return compact.replaceFirst("\\{", "{" + pad);
    }
}
