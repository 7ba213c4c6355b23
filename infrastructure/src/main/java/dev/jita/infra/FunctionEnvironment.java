package dev.jita.infra;

import dev.jita.app.Environment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each function's environment: the variables of {@link Environment} that its loaders read (JitaConfig,
 * ApprovalsConfig, IncidentConfig, SweeperConfig), only those its capabilities need, and Powertools' settings.
 *
 * @param stateMachineArn the workflow's ARN built from its fixed name ({@link Workflow})
 * @param publicBaseUrl   base of approval links ({@link JitaApi#publicBaseUrl()})
 * @param homeAccount     the jita account: the stack's account (a token when the stack is environment-agnostic)
 * @param revokeFunctionArn the revoke function's {@value JitaApproval#ALIAS} alias ARN (a token resolved at synth:
 *                          that function is declared after intake)
 */
record FunctionEnvironment(JitaApprovalProps props, Storage storage, String stateMachineArn, String publicBaseUrl,
                           String homeAccount, String revokeFunctionArn) {

    Map<String, String> of(FunctionSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Environment.REQUESTS_TABLE, storage.requests().getTableName());
        env.put(Environment.AUDIT_TABLE, storage.audit().getTableName());
        env.put(Environment.IDEMPOTENCY_TABLE, storage.idempotency().getTableName());
        env.put(Environment.RULES_FILE, SynthInputs.RULES_IN_LAMBDA);
        env.put(Environment.ELIGIBLE_ROLE_PATH, props.eligibleRolePath());
        env.put(Environment.PUBLIC_BASE_URL, publicBaseUrl);
        env.put(Environment.MAX_PENDING, Integer.toString(props.maxPendingPerRequester()));
        env.put(Environment.MAX_GRANTS, Integer.toString(props.maxGrantsPerRole()));
        if (spec.capabilities().contains(Capability.START_WORKFLOW)
                || spec.capabilities().contains(Capability.RESTART_WORKFLOWS)
                || spec.capabilities().contains(Capability.ANSWER_WORKFLOW_TASKS)
                || spec.capabilities().contains(Capability.APPROVE_WORKFLOW_TASKS)
                || spec.capabilities().contains(Capability.CANCEL_WORKFLOW_TASKS)) {
            env.put(Environment.STATE_MACHINE_ARN, stateMachineArn);
        }
        if (spec.capabilities().contains(Capability.SIGN_LINKS) || spec.capabilities().contains(Capability.VERIFY_LINKS)) {
            env.put(Environment.LINK_KEY_ID, storage.linkKey().getKeyArn());
        }
        if (spec.capabilities().contains(Capability.VERIFY_LINKS)) {
            props.previousLinkKeyArn().ifPresent(k -> env.put(Environment.PREVIOUS_LINK_KEY_ID, k));
        }
        if (spec.capabilities().contains(Capability.APPEND_AUDIT)
                || spec.capabilities().contains(Capability.VERIFY_AUDIT)) {
            env.put(Environment.AUDIT_KEY_ID, storage.auditKey().getKeyArn());
        }
        if (spec.capabilities().contains(Capability.SEND_EMAIL)
                || (spec.capabilities().contains(Capability.TELL_IDENTITY_CENTER_USERS)
                        && props.identityCenter().isPresent())) {
            props.notifications().sesSender().ifPresent(s -> env.put(Environment.SES_SENDER, s));
            props.notifications().sesConfigurationSet()
                    .ifPresent(s -> env.put(Environment.SES_CONFIGURATION_SET, s));
        }
        if (spec.capabilities().contains(Capability.READ_SLACK_WEBHOOKS)) {
            storage.slackWebhooks().ifPresent(s -> env.put(Environment.SLACK_WEBHOOK_SECRET, s.getSecretArn()));
        }
        if (spec.capabilities().contains(Capability.RECORD_INCIDENTS)) {
            env.put(Environment.INCIDENTS_TABLE, storage.incidents().orElseThrow().getTableName());
            // Always set: the function's age limit and the retry windows (Functions, EventRules) agree by construction.
            env.put(Environment.INCIDENT_MAX_AGE, props.incidents().effectiveMaxEventAge().toString());
            if (!props.incidents().responderAliases().isEmpty()) {
                env.put(Environment.RESPONDER_ALIASES, props.incidents().responderAliasesVariable());
            }
        }
        if (spec.capabilities().contains(Capability.SWEEP_ROLE_POLICIES)) {
            props.sweeper().flatMap(SweeperSchedule::workflowGrace)
                    .ifPresent(grace -> env.put(Environment.SWEEPER_GRACE, grace.toString()));
        }
        if (spec.capabilities().contains(Capability.ASSUME_TARGET_ROLE)
                || spec.capabilities().contains(Capability.REVOKE_THROUGH_REVOKE_FUNCTION)) {
            // Which requests are the jita account's own: those are granted or revoked with the function's own role.
            env.put(Environment.HOME_ACCOUNT, homeAccount);
        }
        if (spec.capabilities().contains(Capability.REVOKE_THROUGH_REVOKE_FUNCTION)
                && props.revokesThroughRevokeFunction()) {
            env.put(Environment.REVOKE_FUNCTION, revokeFunctionArn);
        }
        if (spec.capabilities().contains(Capability.ASSUME_TARGET_ROLE)) {
            // Unset rather than empty when there is none: the jita account alone.
            if (!props.targetAccounts().isEmpty()) {
                env.put(Environment.TARGET_ACCOUNTS, String.join(",", props.targetAccounts()));
            }
            env.put(Environment.TARGET_ROLE_NAME, props.targetRole().name());
            env.put(Environment.TARGET_ROLE_PATH, props.targetRole().path());
        }
        if (spec.capabilities().contains(Capability.USE_IDENTITY_CENTER)) {
            // Unset when Identity Center is off: an absent instance ARN is how the functions know.
            props.identityCenter().ifPresent(identityCenter -> env.putAll(identityCenter.environment()));
        }
        if (spec.capabilities().contains(Capability.WRITE_AUDIT_EXPORT)
                || spec.capabilities().contains(Capability.READ_AUDIT_EXPORT)) {
            env.put(Environment.EXPORT_BUCKET, storage.auditExport().getBucketName());
        }
        env.put("POWERTOOLS_SERVICE_NAME", spec.id());
        env.put("POWERTOOLS_METRICS_NAMESPACE", JitaApproval.METRICS_NAMESPACE);
        env.put("POWERTOOLS_LOG_LEVEL", "INFO");
        return env;
    }
}
