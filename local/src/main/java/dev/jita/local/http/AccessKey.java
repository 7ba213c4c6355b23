package dev.jita.local.http;

import java.util.Objects;

/**
 * One of jita local's access keys: signing with it makes a caller {@code principal}, as IAM credentials of that
 * assumed-role session would on AWS. {@link #toString} leaves the secret out.
 *
 * @param principal an assumed-role session ARN, {@code arn:aws:sts::ACCT:assumed-role/ROLE/SESSION}
 * @param profile   its AWS profile name in jita local's profile files
 */
public record AccessKey(String accessKeyId, String secretAccessKey, String principal, String profile) {
    public AccessKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(profile, "profile");
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + ", " + principal + ", profile " + profile + "]";
    }
}
