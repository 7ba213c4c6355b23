package dev.jita.identitycenter;

import dev.jita.app.Environment;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where jita reaches IAM Identity Center (issue 14), from the function's environment.
 *
 * @param instanceArn     {@code arn:<partition>:sso:::instance/ssoins-<16 hex>}
 * @param identityStoreId {@code d-<10 hex>}, the instance's identity store
 * @param region          where Identity Center lives; empty: the function's own
 * @param roleArn         jita's role in the Identity Center administrator account; empty: the function's credentials
 */
public record IdentityCenterConfig(String instanceArn, String identityStoreId, Optional<String> region,
                                   Optional<String> roleArn) {
    private static final Pattern INSTANCE_ARN = Pattern.compile("arn:aws[a-z-]*:sso:::instance/ssoins-[a-f0-9]{16}");
    private static final Pattern STORE_ID = Pattern.compile("d-[a-f0-9]{10}|[a-f0-9-]{36}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]+");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");

    public IdentityCenterConfig {
        Objects.requireNonNull(instanceArn, "instanceArn");
        Objects.requireNonNull(identityStoreId, "identityStoreId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(roleArn, "roleArn");
        require(INSTANCE_ARN.matcher(instanceArn).matches(), Environment.IDENTITY_CENTER_INSTANCE_ARN, instanceArn,
                "arn:aws:sso:::instance/ssoins-<16 hex>");
        require(STORE_ID.matcher(identityStoreId).matches(), Environment.IDENTITY_STORE_ID, identityStoreId,
                "d-<10 hex>");
        region.ifPresent(r -> require(REGION.matcher(r).matches(), Environment.IDENTITY_CENTER_REGION, r,
                "a region such as eu-west-1"));
        roleArn.ifPresent(r -> require(ROLE_ARN.matcher(r).matches(), Environment.IDENTITY_CENTER_ROLE_ARN, r,
                "arn:aws:iam::<account>:role/jita-system/jita-identity-center"));
    }

    /**
     * The configuration, or empty when {@value Environment#IDENTITY_CENTER_INSTANCE_ARN} is unset (Identity Center
     * off: its users' requests end GRANT_FAILED saying so).
     *
     * @throws IllegalArgumentException naming the variable when a value is malformed or the store id is missing
     */
    public static Optional<IdentityCenterConfig> fromEnvironment(Map<String, String> env) {
        Optional<String> instance = value(env, Environment.IDENTITY_CENTER_INSTANCE_ARN);
        if (instance.isEmpty()) {
            return Optional.empty();
        }
        String store = value(env, Environment.IDENTITY_STORE_ID).orElseThrow(() -> new IllegalArgumentException(
                "environment variable " + Environment.IDENTITY_STORE_ID + " is not set, but "
                        + Environment.IDENTITY_CENTER_INSTANCE_ARN + " is; set both (the identity store id is on"
                        + " the Identity Center settings page, d-...)"));
        return Optional.of(new IdentityCenterConfig(instance.get(), store,
                value(env, Environment.IDENTITY_CENTER_REGION), value(env, Environment.IDENTITY_CENTER_ROLE_ARN)));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static void require(boolean ok, String variable, String value, String shape) {
        if (!ok) {
            throw new IllegalArgumentException("environment variable " + variable + " is '" + value
                    + "', which is not " + shape);
        }
    }
}
