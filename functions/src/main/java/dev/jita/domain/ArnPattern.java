package dev.jita.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An ARN pattern from a rule, like {@code arn:aws:ec2:eu-west-1:111122223333:instance/*}.
 *
 * <p>Matching follows IAM's documented ARN matching for the Resource element and ArnLike: the six
 * colon-separated fields are compared one by one; {@code *} matches any run of characters and {@code ?} exactly
 * one, within a field, case-sensitively (ARNs are case-sensitive). Inside the resource field {@code *} also
 * crosses {@code /} and {@code :} (the resource field is everything after the fifth colon), as IAM's does.
 * IAM additionally lets a {@code *} at the end of a field run past later colons; we do not: a pattern must
 * spell all six fields, so ours never matches anything IAM's would not. Partition and service are never
 * wildcards (IAM forbids a wildcard in the service field too).
 */
public final class ArnPattern {
    private static final Pattern REGION_PATTERN = Pattern.compile("[a-z0-9*?-]{1,32}");

    private final String text;
    private final String partition;
    private final String service;
    private final String region;
    private final String account;
    private final String resource;

    private ArnPattern(String text, String[] parts) {
        this.text = text;
        this.partition = parts[1];
        this.service = parts[2];
        this.region = parts[3];
        this.account = parts[4];
        this.resource = parts[5];
    }

    /** Parses a rule's pattern, or throws {@link InvalidArnException} saying what is wrong. */
    public static ArnPattern parse(String text) {
        String[] parts = Arn.split(text, true);
        String service = parts[2];
        String region = parts[3];
        if (!region.isEmpty() && Arn.REGIONLESS_SERVICES.contains(service)) {
            throw Arn.invalid(text, "'" + service + "' ARNs have no region; leave the fourth field empty");
        }
        if (!region.isEmpty() && !REGION_PATTERN.matcher(region).matches()) {
            throw Arn.invalid(text, "'" + region + "' is not a region code like eu-west-1");
        }
        Arn.checkAccount(text, service, parts[4], parts[5], true);
        return new ArnPattern(text, parts);
    }

    public boolean matches(Arn arn) {
        return partition.equals(arn.partition())
                && service.equals(arn.service())
                && Glob.matches(region, arn.region())
                && Glob.matches(account, arn.account())
                && Glob.matches(resource, arn.resource());
    }

    /** Whether this pattern matches exactly one ARN, itself. */
    public boolean isConcrete() {
        return !Glob.hasWildcard(text);
    }

    public String service() {
        return service;
    }

    public String resource() {
        return resource;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArnPattern other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }
}
