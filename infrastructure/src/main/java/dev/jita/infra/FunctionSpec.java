package dev.jita.infra;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One Lambda function of jita: its handler class in the shared functions jar and what it may do.
 *
 * @param id           construct id and the function's short name (also POWERTOOLS_SERVICE_NAME), e.g. "intake"
 * @param handlerClass fully qualified handler class with a public no-arg constructor
 * @param timeout      the function's timeout
 * @param memoryMb     memory (and so CPU) of the function
 * @param async        invoked asynchronously (EventBridge): gets a dead-letter queue and its alarm
 * @param capabilities what its role may do, nothing more
 */
public record FunctionSpec(String id, String handlerClass, Duration timeout, int memoryMb, boolean async,
                           Set<Capability> capabilities) {

    private static final String HANDLERS = "dev.jita.handlers.";

    public FunctionSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(handlerClass, "handlerClass");
        Objects.requireNonNull(timeout, "timeout");
        capabilities = Set.copyOf(capabilities);
    }

    /**
     * Engineer routes behind IAM auth; cancel answers the waiting task with SendTaskFailure(Cancelled), early revoke
     * deletes the policy (grants/RevokeService) in the jita account and has the revoke function do it in any other
     * and for an Identity Center user (never Identity Center itself: intake faces the internet);
     * {@code GET /audit/verify?source=export} reads the export bucket.
     */
    public static final FunctionSpec INTAKE = new FunctionSpec("intake", HANDLERS + "IntakeFunction",
            Duration.ofSeconds(29), 1024, false, EnumSet.of(Capability.READ_REQUESTS, Capability.WRITE_REQUESTS,
            Capability.READ_AUDIT, Capability.VERIFY_AUDIT, Capability.APPEND_AUDIT,
            Capability.CLAIM_IDEMPOTENCY_KEYS, Capability.START_WORKFLOW, Capability.CANCEL_WORKFLOW_TASKS, Capability.REVOKE_ROLE_POLICIES,
            Capability.REVOKE_THROUGH_REVOKE_FUNCTION, Capability.READ_AUDIT_EXPORT));

    /**
     * The workflow's AwaitApproval task: stores the task token, signs one link per approver, sends them; a request
     * cancelled before it ran gets SendTaskFailure(Cancelled) from here.
     */
    public static final FunctionSpec NOTIFY = new FunctionSpec("notify", HANDLERS + "NotifyFunction",
            Duration.ofSeconds(60), 1024, false, EnumSet.of(Capability.READ_REQUESTS, Capability.WRITE_REQUESTS,
            Capability.APPEND_AUDIT, Capability.SIGN_LINKS, Capability.CANCEL_WORKFLOW_TASKS, Capability.SEND_EMAIL,
            Capability.READ_SLACK_WEBHOOKS));

    /** GET/HEAD/POST /approvals/{token}: verifies links, records decisions, answers the waiting task. */
    public static final FunctionSpec APPROVAL = new FunctionSpec("approval", HANDLERS + "ApprovalFunction",
            Duration.ofSeconds(29), 1024, false, EnumSet.of(Capability.READ_REQUESTS, Capability.WRITE_REQUESTS,
            Capability.APPEND_AUDIT, Capability.VERIFY_LINKS, Capability.ANSWER_WORKFLOW_TASKS));

    /** The workflow's Grant task; in a target account through jita's target role there. */
    public static final FunctionSpec GRANT = new FunctionSpec("grant", HANDLERS + "GrantFunction",
            Duration.ofSeconds(60), 1024, false, EnumSet.of(Capability.READ_REQUESTS, Capability.WRITE_REQUESTS,
            Capability.APPEND_AUDIT, Capability.GRANT_ROLE_POLICIES, Capability.ASSUME_TARGET_ROLE,
            Capability.USE_IDENTITY_CENTER, Capability.READ_IDENTITY_CENTER_ROLES, Capability.TELL_IDENTITY_CENTER_USERS));

    /**
     * The workflow's Revoke task and every other ending (TimedOut, GrantFailed, NotifyFailed, RevokeFailed); in a
     * target account through jita's target role there.
     */
    public static final FunctionSpec REVOKE = new FunctionSpec("revoke", HANDLERS + "RevokeFunction",
            Duration.ofSeconds(60), 1024, false, EnumSet.of(Capability.READ_REQUESTS, Capability.WRITE_REQUESTS,
            Capability.APPEND_AUDIT, Capability.REVOKE_ROLE_POLICIES, Capability.ASSUME_TARGET_ROLE,
            Capability.USE_IDENTITY_CENTER, Capability.READ_IDENTITY_CENTER_ROLES));

    /**
     * EventBridge incident events: records the incident, approves responders' pending requests (SendTaskSuccess
     * only: it never denies), tells a break-glass rule's approvers (the notify function's channels, no links), and
     * on resolution revokes through grants/RevokeService (DeleteRolePolicy only) in the jita account and through the
     * revoke function in any other and for an Identity Center user's permission set grant.
     */
    public static final FunctionSpec INCIDENT = new FunctionSpec("incident", HANDLERS + "IncidentFunction",
            Duration.ofSeconds(60), 1024, true, EnumSet.of(Capability.READ_REQUESTS, Capability.WRITE_REQUESTS,
            Capability.APPEND_AUDIT, Capability.RECORD_INCIDENTS, Capability.APPROVE_WORKFLOW_TASKS,
            Capability.REVOKE_ROLE_POLICIES, Capability.REVOKE_THROUGH_REVOKE_FUNCTION, Capability.SEND_EMAIL,
            Capability.READ_SLACK_WEBHOOKS));

    /**
     * Scheduled: ends ACTIVE grants whose workflow died and retries REVOKE_FAILED (RevokeService), ends or restarts
     * requests whose workflow is gone (DescribeExecution, StartExecution), and removes jita-* policies no grant in
     * flight accounts for (ListRoles, ListRolePolicies, DeleteRolePolicy), in the jita account and, through the
     * target role, in every target account.
     */
    public static final FunctionSpec SWEEPER = new FunctionSpec("sweeper", HANDLERS + "SweeperFunction",
            Duration.ofMinutes(5), 1024, true, EnumSet.of(Capability.READ_REQUESTS, Capability.WRITE_REQUESTS,
            Capability.APPEND_AUDIT, Capability.RESTART_WORKFLOWS, Capability.SWEEP_ROLE_POLICIES,
            Capability.ASSUME_TARGET_ROLE, Capability.USE_IDENTITY_CENTER));

    /**
     * CloudTrail API calls of granted sessions, forwarded from the target accounts to the jita account's default bus
     * (the {@link JitaTarget} rule): appends GRANT_USED to the request's chain (reads requests, updates a request's
     * audit head and puts the event's marker item, puts the audit entry) and, on a request's first use, tells the
     * approvers who opted in through the notify function's channels (no links).
     */
    public static final FunctionSpec ACTIVITY = new FunctionSpec("activity", HANDLERS + "ActivityFunction",
            Duration.ofSeconds(30), 1024, true, EnumSet.of(Capability.READ_REQUESTS, Capability.WRITE_REQUESTS,
            Capability.APPEND_AUDIT, Capability.SEND_EMAIL, Capability.READ_SLACK_WEBHOOKS));

    /**
     * The audit table's stream: each batch of new audit entries as one JSON Lines object in the export bucket (Object
     * Lock, compliance mode). Failed records are retried by Lambda (batchItemFailures), then sent to a dead-letter queue
     * that alarms. Every deployment has it ({@link JitaApprovalProps#functions()}).
     */
    public static final FunctionSpec EXPORT = new FunctionSpec("export", HANDLERS + "ExportFunction",
            Duration.ofSeconds(60), 1024, false, EnumSet.of(Capability.READ_AUDIT_STREAM,
            Capability.WRITE_AUDIT_EXPORT));

    /** The functions every deployment has. */
    public static final List<FunctionSpec> CORE = List.of(INTAKE, NOTIFY, APPROVAL, GRANT, REVOKE);

    /** The handler class as a path inside the jar. */
    public String classFile() {
        return handlerClass.replace('.', '/') + ".class";
    }
}
