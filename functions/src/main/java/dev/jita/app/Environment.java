package dev.jita.app;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The environment variables the jita functions read, named once: the functions' {@code fromEnvironment} readers
 * and the CDK construct that sets them (infrastructure's {@code FunctionEnvironment}) both use these constants, so
 * a renamed variable cannot reach only one side.
 */
public final class Environment {
    /** DynamoDB table of requests. */
    public static final String REQUESTS_TABLE = "JITA_REQUESTS_TABLE";
    /** DynamoDB table of audit entries. */
    public static final String AUDIT_TABLE = "JITA_AUDIT_TABLE";
    /** DynamoDB table of Idempotency-Key records. */
    public static final String IDEMPOTENCY_TABLE = "JITA_IDEMPOTENCY_TABLE";
    /** Path of the rules file (in Lambda the rules layer's /opt/rules.yaml). */
    public static final String RULES_FILE = "JITA_RULES_FILE";
    /** IAM path under which roles may receive grants; {@link #DEFAULT_ELIGIBLE_ROLE_PATH} when unset. */
    public static final String ELIGIBLE_ROLE_PATH = "JITA_ELIGIBLE_ROLE_PATH";
    /** Base of approval links, e.g. the API stage's URL. */
    public static final String PUBLIC_BASE_URL = "JITA_PUBLIC_BASE_URL";
    /** ARN of the approval workflow, for the functions that start or answer it. */
    public static final String STATE_MACHINE_ARN = "JITA_STATE_MACHINE_ARN";
    /** KMS HMAC key (id, ARN or alias) that signs new approval links. */
    public static final String LINK_KEY_ID = "JITA_LINK_KEY_ID";
    /** During link key rotation: the key whose links still verify. */
    public static final String PREVIOUS_LINK_KEY_ID = "JITA_PREVIOUS_LINK_KEY_ID";
    /** KMS HMAC key (id, ARN or alias), for audit alone, whose MAC every audit entry carries. */
    public static final String AUDIT_KEY_ID = "JITA_AUDIT_KEY_ID";
    /** Pending requests one requester may have before intake answers 429. */
    public static final String MAX_PENDING = "JITA_MAX_PENDING";
    /** Cap on a requester role's requests that may hold a grant (pending to active), beyond which intake answers 429. */
    public static final String MAX_GRANTS = "JITA_MAX_GRANTS";
    /** How long an approval link outlives the approval wait (ISO-8601). */
    public static final String LINK_GRACE = "JITA_LINK_GRACE";
    /** SES-verified sender; e-mail is sent only when set. */
    public static final String SES_SENDER = "JITA_SES_SENDER";
    /** SES configuration set, optional. */
    public static final String SES_CONFIGURATION_SET = "JITA_SES_CONFIGURATION_SET";
    /** Secrets Manager id of the Slack webhooks (approver id to webhook URL); Slack is used only when set. */
    public static final String SLACK_WEBHOOK_SECRET = "JITA_SLACK_WEBHOOK_SECRET";
    /** DynamoDB table of incidents (the incident function). */
    public static final String INCIDENTS_TABLE = "JITA_INCIDENTS_TABLE";
    /** Incident events that happened longer ago are refused (ISO-8601). */
    public static final String INCIDENT_MAX_AGE = "JITA_INCIDENT_MAX_AGE";
    /** Incident tool responder id to jita identity, {@code id=identity,id=identity}. */
    public static final String RESPONDER_ALIASES = "JITA_RESPONDER_ALIASES";
    /** How long past its window an ACTIVE request is left to its workflow before the sweeper revokes it (ISO-8601). */
    public static final String SWEEPER_GRACE = "JITA_SWEEPER_GRACE";
    /** How old a request must be (and how long after its last restart) before the sweeper may end or restart it. */
    public static final String SWEEPER_RESTART_GRACE = "JITA_SWEEPER_RESTART_GRACE";
    /**
     * The jita account's id (CDK: the stack's account). A requester in this account is granted with the function's own
     * credentials, as in a single-account setup.
     */
    public static final String HOME_ACCOUNT = "JITA_HOME_ACCOUNT";
    /**
     * Comma-separated 12-digit ids of the other accounts where jita's target role is deployed (the JitaTarget stack).
     * The sweeper sweeps the home account and these; a grant into an account that is neither is refused.
     */
    public static final String TARGET_ACCOUNTS = "JITA_TARGET_ACCOUNTS";
    /** Name of the role jita assumes in a target account; {@link #DEFAULT_TARGET_ROLE_NAME} when unset. */
    public static final String TARGET_ROLE_NAME = "JITA_TARGET_ROLE_NAME";
    /** IAM path of that role, outside the eligible path; {@link #DEFAULT_TARGET_ROLE_PATH} when unset. */
    public static final String TARGET_ROLE_PATH = "JITA_TARGET_ROLE_PATH";

    /**
     * ARN of the revoke function's {@code live} alias, set for intake and the incident function when there are target
     * accounts: they revoke a request outside the home account by invoking it, since only the grant, revoke and
     * sweeper functions may assume jita's target role. Unset: every revoke-now runs in-process.
     */
    public static final String REVOKE_FUNCTION = "JITA_REVOKE_FUNCTION";

    /**
     * The S3 bucket (Object Lock, compliance mode) the export function writes the audit table's stream to, as JSON
     * Lines under {@code audit/YYYY/MM/DD/}; set for the export function and for intake (verify from the export).
     */
    public static final String EXPORT_BUCKET = "JITA_EXPORT_BUCKET";
    /** IAM Identity Center's instance ({@code arn:aws:sso:::instance/ssoins-...}); unset: Identity Center is off. */
    public static final String IDENTITY_CENTER_INSTANCE_ARN = "JITA_IDENTITY_CENTER_INSTANCE_ARN";
    /** The instance's identity store ({@code d-...}), where users are found by user name. */
    public static final String IDENTITY_STORE_ID = "JITA_IDENTITY_STORE_ID";
    /** The region Identity Center lives in; the function's own when unset. */
    public static final String IDENTITY_CENTER_REGION = "JITA_IDENTITY_CENTER_REGION";
    /**
     * jita's role in the account that administers Identity Center (the JitaIdentityCenterAccess stack); unset when jita
     * runs in that account itself and calls with the function's own credentials.
     */
    public static final String IDENTITY_CENTER_ROLE_ARN = "JITA_IDENTITY_CENTER_ROLE_ARN";

    /** The eligible role path when {@link #ELIGIBLE_ROLE_PATH} is unset (and the CDK construct's default). */
    public static final String DEFAULT_ELIGIBLE_ROLE_PATH = "/jita/";
    /** The target role's name when {@link #TARGET_ROLE_NAME} is unset (and the JitaTarget construct's default). */
    public static final String DEFAULT_TARGET_ROLE_NAME = "jita-target";
    /** The target role's path when {@link #TARGET_ROLE_PATH} is unset (and the JitaTarget construct's default). */
    public static final String DEFAULT_TARGET_ROLE_PATH = "/jita-system/";

    private Environment() {
    }

    /**
     * An ISO-8601 duration variable such as {@link #LINK_GRACE}: {@code otherwise} when unset or blank. Range checks
     * stay with the config record that knows what makes sense.
     *
     * @throws IllegalStateException naming the variable and its value when the value is not a duration
     */
    public static Duration duration(Map<String, String> env, String name, Duration otherwise) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(name + " '" + value + "' is not an ISO-8601 duration; write it like PT15M,"
                    + " or leave it unset for " + otherwise, e);
        }
    }
}
