package dev.jita.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a jita function needs to know about its deployment, read once at init from the environment (CDK sets
 * these variables; jita local builds the record directly).
 *
 * @param requestsTable         DynamoDB table of requests ({@code JITA_REQUESTS_TABLE})
 * @param auditTable            DynamoDB table of audit entries ({@code JITA_AUDIT_TABLE})
 * @param idempotencyTable      DynamoDB table of Idempotency-Key records ({@code JITA_IDEMPOTENCY_TABLE})
 * @param rulesFile             the rules file ({@code JITA_RULES_FILE}; in Lambda it ships inside the jar's task root)
 * @param eligibleRolePath      IAM path under which roles may receive grants ({@code JITA_ELIGIBLE_ROLE_PATH}, e.g. /jita/)
 * @param publicBaseUrl         base of approval links, e.g. https://abc.execute-api.eu-west-1.amazonaws.com/prod ({@code JITA_PUBLIC_BASE_URL})
 * @param stateMachineArn       the approval workflow ({@code JITA_STATE_MACHINE_ARN}); empty where no function starts it
 * @param linkKeyId             KMS HMAC key (id or alias) that signs new links ({@code JITA_LINK_KEY_ID})
 * @param previousLinkKeyId     the key that still verifies during rotation ({@code JITA_PREVIOUS_LINK_KEY_ID}), optional
 * @param maxPendingPerRequester cap on the pending requests of a requester's role (all its sessions together), beyond
 *                              which intake answers 429 ({@code JITA_MAX_PENDING})
 * @param maxGrantsPerRole      cap on the requests of a requester's role that are pending, scheduled or active, auto-approved
 *                              ones included, beyond which intake answers 429 ({@code JITA_MAX_GRANTS})
 */
public record JitaConfig(
        String requestsTable,
        String auditTable,
        String idempotencyTable,
        Path rulesFile,
        String eligibleRolePath,
        URI publicBaseUrl,
        Optional<String> stateMachineArn,
        Optional<String> linkKeyId,
        Optional<String> previousLinkKeyId,
        int maxPendingPerRequester,
        int maxGrantsPerRole) {

    public static final int DEFAULT_MAX_PENDING = 5;
    /** About what IAM's 10,240 characters per role hold of grants of a few actions and ARNs each (~500 characters). */
    public static final int DEFAULT_MAX_GRANTS = 20;

    public JitaConfig {
        Objects.requireNonNull(requestsTable, "requestsTable");
        Objects.requireNonNull(auditTable, "auditTable");
        Objects.requireNonNull(idempotencyTable, "idempotencyTable");
        Objects.requireNonNull(rulesFile, "rulesFile");
        Objects.requireNonNull(eligibleRolePath, "eligibleRolePath");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        if (!eligibleRolePath.startsWith("/") || !eligibleRolePath.endsWith("/")) {
            throw new IllegalArgumentException("the eligible role path must start and end with '/', like /jita/; got '"
                    + eligibleRolePath + "'");
        }
        if (maxPendingPerRequester < 1) {
            throw new IllegalArgumentException("the pending-request cap must be at least 1; got " + maxPendingPerRequester);
        }
        if (maxGrantsPerRole < 1) {
            throw new IllegalArgumentException("the grants cap must be at least 1; got " + maxGrantsPerRole);
        }
    }

    /** Reads the configuration from environment variables; a missing required one fails with its name. */
    public static JitaConfig fromEnvironment(Map<String, String> env) {
        return new JitaConfig(
                required(env, Environment.REQUESTS_TABLE),
                required(env, Environment.AUDIT_TABLE),
                required(env, Environment.IDEMPOTENCY_TABLE),
                Path.of(env.getOrDefault(Environment.RULES_FILE, "rules.yaml")),
                env.getOrDefault(Environment.ELIGIBLE_ROLE_PATH, Environment.DEFAULT_ELIGIBLE_ROLE_PATH),
                URI.create(required(env, Environment.PUBLIC_BASE_URL)),
                optional(env, Environment.STATE_MACHINE_ARN),
                optional(env, Environment.LINK_KEY_ID),
                optional(env, Environment.PREVIOUS_LINK_KEY_ID),
                Integer.parseInt(env.getOrDefault(Environment.MAX_PENDING, String.valueOf(DEFAULT_MAX_PENDING))),
                Integer.parseInt(env.getOrDefault(Environment.MAX_GRANTS, String.valueOf(DEFAULT_MAX_GRANTS))));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set; the CDK stack sets it,"
                    + " set it yourself when running the function elsewhere");
        }
        return value;
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    /** Approval links are valid this long at most; they also die when the request stops being pending. */
    public static Duration maxLinkLifetime() {
        return Duration.ofDays(7);
    }
}
