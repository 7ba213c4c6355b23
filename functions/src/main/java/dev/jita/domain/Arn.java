package dev.jita.domain;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A concrete ARN, {@code arn:partition:service:region:account:resource}, validated strictly: it is what ends up
 * in an IAM policy, so anything odd is refused rather than guessed at. Wildcards ({@code *}, {@code ?}) and
 * policy variables ({@code $}) are refused: a request names resources, it does not describe them.
 * Rule patterns are {@link ArnPattern}.
 */
public record Arn(String partition, String service, String region, String account, String resource) {

    /** IAM's own limit for a resource ARN in a policy is 2048 characters. */
    public static final int MAX_LENGTH = 2048;

    public static final Set<String> PARTITIONS = Set.of(
            "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc");

    /** Global services: their ARNs never carry a region. */
    static final Set<String> REGIONLESS_SERVICES = Set.of("iam", "sts");

    /**
     * Services with resources whose ARN has no account: S3 buckets and objects, Route 53 zones, API Gateway's
     * management ARNs, public EC2 images and snapshots, AWS-owned SSM documents and parameters, Bedrock
     * foundation models. Elsewhere the account is required.
     */
    static final Set<String> ACCOUNTLESS_SERVICES = Set.of(
            "s3", "route53", "route53domains", "apigateway", "ec2", "ssm", "bedrock", "artifact");

    static final Pattern SERVICE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    // us-east-1, us-gov-west-1, cn-northwest-1, us-isob-east-1, eusc-de-east-1
    static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}");
    static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    /** Whether {@code text} is a 12-digit AWS account id. */
    public static boolean isAccount(String text) {
        return text != null && ACCOUNT.matcher(text).matches();
    }

    /**
     * The account that owns this resource, when its ARN names one: empty for account-less ARNs (S3 buckets and
     * objects, ...) and for AWS's own resources (the pseudo-account {@code aws} of managed policies).
     */
    public Optional<String> owningAccount() {
        return isAccount(account) ? Optional.of(account) : Optional.empty();
    }

    /** Parses a concrete ARN, or throws with the reason ({@link Reason#INVALID_ARN} or WILDCARD_NOT_ALLOWED). */
    public static Arn parse(String text) {
        String[] parts = split(text, false);
        String service = parts[2];
        String region = parts[3];
        String account = parts[4];
        if (!region.isEmpty() && REGIONLESS_SERVICES.contains(service)) {
            throw invalid(text, "'" + service + "' ARNs have no region; leave the fourth field empty");
        }
        if (!region.isEmpty() && !REGION.matcher(region).matches()) {
            throw invalid(text, "'" + region + "' is not a region code like eu-west-1");
        }
        checkAccount(text, service, account, parts[5], false);
        return new Arn(parts[1], service, region, account, parts[5]);
    }

    /** Whether {@code text} is a valid concrete ARN. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidArnException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }

    /**
     * The six colon-separated fields, checked for what both ARNs and patterns share. The resource may itself
     * contain colons (log-group:NAME:*), so the split stops at six.
     */
    static String[] split(String text, boolean wildcardsAllowed) {
        if (text == null || text.isEmpty()) {
            throw new InvalidArnException(Reason.INVALID_ARN, "An ARN is empty; give a full ARN like "
                    + "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc.");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidArnException(Reason.INVALID_ARN, "An ARN is " + text.length()
                    + " characters long; IAM accepts at most " + MAX_LENGTH + ".");
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                    || Character.getType(cp) == Character.FORMAT) {
                throw invalid(text, "it contains whitespace or an invisible character at position " + i
                        + "; remove it");
            }
            i += Character.charCount(cp);
        }
        if (text.indexOf('$') >= 0) {
            throw invalid(text, "'$' (a policy variable) is not supported; name the resource itself");
        }
        if (!wildcardsAllowed && Glob.hasWildcard(text)) {
            throw new InvalidArnException(Reason.WILDCARD_NOT_ALLOWED, "'" + text
                    + "' contains a wildcard ('*' or '?'); name one concrete ARN.");
        }
        String[] parts = text.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn")) {
            throw invalid(text, "an ARN has six fields, arn:partition:service:region:account:resource");
        }
        if (!PARTITIONS.contains(parts[1])) {
            throw invalid(text, "'" + parts[1] + "' is not an AWS partition; use one of "
                    + String.join(", ", PARTITIONS.stream().sorted().toList()));
        }
        if (!SERVICE.matcher(parts[2]).matches()) {
            throw invalid(text, "'" + parts[2] + "' is not a service name; use the lowercase service "
                    + "prefix, like ec2 (wildcards are not allowed there)");
        }
        if (parts[5].isEmpty()) {
            throw invalid(text, "the resource field is empty; name the resource after the account");
        }
        return parts;
    }

    static void checkAccount(String text, String service, String account, String resource, boolean pattern) {
        if (account.isEmpty()) {
            if (!ACCOUNTLESS_SERVICES.contains(service)) {
                throw invalid(text, "'" + service + "' ARNs need a 12-digit account");
            }
            return;
        }
        // AWS managed policies live in the pseudo-account "aws".
        if (account.equals("aws") && service.equals("iam") && resource.startsWith("policy/")) {
            return;
        }
        boolean ok = pattern && Glob.hasWildcard(account)
                ? account.length() <= 12 && account.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '*' || c == '?')
                : ACCOUNT.matcher(account).matches();
        if (!ok) {
            throw invalid(text, "'" + account + "' is not a 12-digit account");
        }
    }

    static InvalidArnException invalid(String text, String why) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return new InvalidArnException(Reason.INVALID_ARN, "'" + printable(shown) + "' is not a valid ARN: "
                + why + ".");
    }

    /** Control characters are shown escaped so a message never carries them to a log or a page. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                    || (Character.isWhitespace(cp) && cp != ' ') || (Character.isSpaceChar(cp) && cp != ' ')) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
