package dev.jita.iam;

/** Valid identity policies of an exact size as IAM counts it (white space not counted). */
public final class PolicyDocs {

    private static final String TEMPLATE =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"%s\",\"Effect\":\"Allow\","
                    + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/k\"}]}";
    private static final int BASE = String.format(TEMPLATE, "").length();

    private PolicyDocs() {
    }

    /** A compact policy of exactly {@code counted} characters. */
    public static String ofSize(int counted) {
        if (counted < BASE) {
            throw new IllegalArgumentException("smallest policy here has " + BASE + " characters");
        }
        return String.format(TEMPLATE, "S".repeat(counted - BASE));
    }

    /** The same policy with {@code spaces} extra white space characters spread through it. */
    public static String ofSizeWithWhitespace(int counted, int spaces) {
        String compact = ofSize(counted);
        String pad = " \n\t ".repeat(spaces / 4 + 1).substring(0, spaces);
        return compact.replaceFirst("\\{", "{" + pad);
    }
}
