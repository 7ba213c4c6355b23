package dev.jita.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where jita's functions find IAM Identity Center: the instance, its identity store, the region it lives in, and the
 * role ({@link JitaIdentityCenterAccess}) they assume in the account that administers it. Checked at synth, so that a
 * malformed value stops {@code cdk synth} rather than every grant.
 *
 * @param instanceArn     {@code arn:<partition>:sso:::instance/ssoins-<16>}
 * @param identityStoreId {@code d-<10 hex>} (or the UUID form)
 * @param region          the region Identity Center is enabled in, like eu-west-1
 * @param roleArn         jita's role in the Identity Center admin account ({@code jita-identity-center} at
 *                        {@code /jita-system/} by default); the CDK always sets it: a jita deployed in that account
 *                        deploys the role there too, so that the functions' own roles never hold sso permissions
 */
public record IdentityCenterSettings(String instanceArn, String identityStoreId, String region, String roleArn) {
    /** The variables of issue 14's contract (design: Configuration); the functions' Environment names them too. */
    public static final String INSTANCE_ARN_VARIABLE = "JITA_IDENTITY_CENTER_INSTANCE_ARN";
    public static final String IDENTITY_STORE_VARIABLE = "JITA_IDENTITY_STORE_ID";
    public static final String REGION_VARIABLE = "JITA_IDENTITY_CENTER_REGION";
    public static final String ROLE_ARN_VARIABLE = "JITA_IDENTITY_CENTER_ROLE_ARN";

    /** CreatePermissionSet's own pattern for InstanceArn. */
    static final String INSTANCE_ARN = "arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}";
    /** The Identity Store API's pattern for an identity store id (without the ARN form). */
    static final String IDENTITY_STORE_ID = "d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    static final String REGION = "[a-z]{2}(-[a-z]+)+-[0-9]";
    /** A role ARN: partition, 12-digit account, optional path, name. */
    static final String ROLE_ARN = "arn:aws(-[a-z]{1,5}){0,3}:iam::[0-9]{12}:role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}";

    public IdentityCenterSettings {
        Objects.requireNonNull(instanceArn, "instanceArn");
        Objects.requireNonNull(identityStoreId, "identityStoreId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(roleArn, "roleArn");
        requireInstanceArn(instanceArn);
        requireIdentityStoreId(identityStoreId);
        if (!region.matches(REGION)) {
            throw new IllegalArgumentException("the Identity Center region is a region name like eu-west-1 (where"
                    + " Identity Center is enabled); got '" + region + "'");
        }
        if (!roleArn.matches(ROLE_ARN)) {
            throw new IllegalArgumentException("the Identity Center role ARN is the ARN of jita's role in the account"
                    + " that administers Identity Center, like arn:aws:iam::111122223333:role/jita-system/"
                    + JitaIdentityCenterAccess.ROLE_NAME + " (the JitaIdentityCenter stack's output RoleArn); got '"
                    + roleArn + "'");
        }
    }

    static void requireInstanceArn(String instanceArn) {
        if (!instanceArn.matches(INSTANCE_ARN)) {
            throw new IllegalArgumentException("the Identity Center instance ARN looks like"
                    + " arn:aws:sso:::instance/ssoins-0123456789abcdef (aws sso-admin list-instances); got '"
                    + instanceArn + "'");
        }
    }

    static void requireIdentityStoreId(String identityStoreId) {
        if (!identityStoreId.matches(IDENTITY_STORE_ID)) {
            throw new IllegalArgumentException("the identity store id looks like d-1234567890 (aws sso-admin"
                    + " list-instances, IdentityStoreId), not its ARN; got '" + identityStoreId + "'");
        }
    }

    /** The role's IAM path, from its ARN: {@code /jita-system/} for {@code role/jita-system/jita-identity-center}. */
    String rolePath() {
        String resource = roleArn.substring(roleArn.indexOf(":role/") + ":role".length());
        return resource.substring(0, resource.lastIndexOf('/') + 1);
    }

    /** The four variables, for the functions that use Identity Center. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(INSTANCE_ARN_VARIABLE, instanceArn);
        env.put(IDENTITY_STORE_VARIABLE, identityStoreId);
        env.put(REGION_VARIABLE, region);
        env.put(ROLE_ARN_VARIABLE, roleArn);
        return env;
    }
}
