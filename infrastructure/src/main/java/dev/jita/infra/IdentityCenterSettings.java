package dev.jita.infra;

import dev.jita.app.Environment;
import dev.jita.identitycenter.IdentityCenterConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where jita's functions find IAM Identity Center: the instance, its identity store, the region it lives in, and the
 * role ({@link JitaIdentityCenterAccess}) they assume in the account that administers it. Checked at synth by the
 * functions' own parser ({@link IdentityCenterConfig}), so that a value they would refuse at start stops
 * {@code cdk synth} rather than every function that reads it.
 *
 * @param instanceArn     {@code arn:<partition>:sso:::instance/ssoins-<16 hex>}
 * @param identityStoreId {@code d-<10 hex>} (or the 36-character form)
 * @param region          the region Identity Center is enabled in, like eu-west-1
 * @param roleArn         jita's role in the Identity Center admin account ({@code jita-identity-center} at
 *                        {@code /jita-system/} by default); the CDK always sets it: a jita deployed in that account
 *                        deploys the role there too, so that the functions' own roles never hold sso permissions
 */
public record IdentityCenterSettings(String instanceArn, String identityStoreId, String region, String roleArn) {
    /**
     * The shapes {@link IdentityCenterConfig} accepts for the instance ARN and the store id, as CloudFormation's
     * AllowedPattern of {@link JitaIdentityCenterStack}'s parameters (a parameter is a token at synth, which no Java
     * check can see). JitaApprovalIdentityCenterTest holds them to the functions' parser.
     */
    static final String INSTANCE_ARN = "arn:aws[a-z-]*:sso:::instance/ssoins-[a-f0-9]{16}";
    static final String IDENTITY_STORE_ID = "d-[a-f0-9]{10}|[a-f0-9-]{36}";

    /** What a person reads when a value is refused: where each one comes from. */
    private static final String WHERE_FROM = "; the instance ARN (arn:aws:sso:::instance/ssoins-0123456789abcdef) and"
            + " identity store id (d-1234567890) are in aws sso-admin list-instances, the role ARN is the"
            + " JitaIdentityCenter stack's output RoleArn";

    public IdentityCenterSettings {
        Objects.requireNonNull(instanceArn, "instanceArn");
        Objects.requireNonNull(identityStoreId, "identityStoreId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(roleArn, "roleArn");
        // Region and role are required here (the functions would fall back to their own): the CDK always sets them.
        requireAcceptedByFunctions(instanceArn, identityStoreId, Optional.of(region), Optional.of(roleArn));
    }

    /**
     * Refuses what {@link IdentityCenterConfig#fromEnvironment} would refuse when a function starts, with its
     * message (naming the variable and the value) and where the right value comes from.
     */
    static void requireAcceptedByFunctions(String instanceArn, String identityStoreId, Optional<String> region,
                                           Optional<String> roleArn) {
        try {
            new IdentityCenterConfig(instanceArn, identityStoreId, region, roleArn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jita's functions would refuse this Identity Center setting at start: "
                    + e.getMessage() + WHERE_FROM, e);
        }
    }

    /** The role's IAM path, from its ARN: {@code /jita-system/} for {@code role/jita-system/jita-identity-center}. */
    String rolePath() {
        String resource = roleArn.substring(roleArn.indexOf(":role/") + ":role".length());
        return resource.substring(0, resource.lastIndexOf('/') + 1);
    }

    /** The four variables {@link IdentityCenterConfig#fromEnvironment} reads, for the functions that use it. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Environment.IDENTITY_CENTER_INSTANCE_ARN, instanceArn);
        env.put(Environment.IDENTITY_STORE_ID, identityStoreId);
        env.put(Environment.IDENTITY_CENTER_REGION, region);
        env.put(Environment.IDENTITY_CENTER_ROLE_ARN, roleArn);
        return env;
    }
}
