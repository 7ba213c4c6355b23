package dev.jita.infra;

/**
 * What a jita function may do in AWS. {@link FunctionPolicies} turns each into the narrowest IAM statement it can:
 * named actions only, on the construct's own resources only.
 */
public enum Capability {
    /** GetItem and Query on the requests table and its indexes. */
    READ_REQUESTS,
    /** PutItem, UpdateItem and ConditionCheckItem on the requests table: the store's transactions. */
    WRITE_REQUESTS,
    /** GetItem and Query on the audit table and its index (GET /audit, verify, a request's timeline). */
    READ_AUDIT,
    /**
     * PutItem on the audit table, nothing else: the trail is append-only (no UpdateItem, no DeleteItem). With it,
     * kms:GenerateMac on the audit key: every entry carries a MAC over its hash, so appending means signing.
     */
    APPEND_AUDIT,
    /** PutItem on the Idempotency-Key table. */
    CLAIM_IDEMPOTENCY_KEYS,
    /** states:StartExecution on this construct's state machine. */
    START_WORKFLOW,
    /**
     * The sweeper: states:DescribeExecution on this construct's state machine's executions (is a request's workflow
     * gone?) and states:StartExecution on the state machine (start it again as {@code <requestId>-r<n>}).
     */
    RESTART_WORKFLOWS,
    /** states:SendTaskSuccess and SendTaskFailure on this construct's state machine: approve or deny the waiting task. */
    ANSWER_WORKFLOW_TASKS,
    /** states:SendTaskFailure alone on this construct's state machine: end the waiting task as Cancelled. */
    CANCEL_WORKFLOW_TASKS,
    /** states:SendTaskSuccess alone on this construct's state machine: approve under an incident, never deny. */
    APPROVE_WORKFLOW_TASKS,
    /** kms:GenerateMac on the link key: signs approval links. */
    SIGN_LINKS,
    /** kms:VerifyMac on the link key (and the previous key during rotation) plus GenerateMac for the CSRF token. */
    VERIFY_LINKS,
    /** kms:VerifyMac alone on the audit key: GET /audit/verify checks each entry's MAC (intake). */
    VERIFY_AUDIT,
    /** Put/Get/Delete/ListRolePolicies and GetRole on roles under the eligible path. */
    GRANT_ROLE_POLICIES,
    /** DeleteRolePolicy on roles under the eligible path. */
    REVOKE_ROLE_POLICIES,
    /**
     * The sweeper: ListRolePolicies and DeleteRolePolicy under the eligible path, and iam:ListRoles, which IAM
     * authorizes only on Resource * (the function narrows the listing with PathPrefix itself).
     */
    SWEEP_ROLE_POLICIES,
    /**
     * sts:AssumeRole on jita's target role (its name and path, {@link TargetRole}) in any account, declared only when
     * there are target accounts: grants, revokes and sweeps in the accounts where {@link JitaTarget} is deployed.
     */
    ASSUME_TARGET_ROLE,
    /**
     * Revoke-now (early revoke, an incident's resolution) of a request outside the jita account, or of an Identity
     * Center user's request, through the revoke function: lambda:InvokeFunction on exactly the revoke function's
     * {@value JitaApproval#ALIAS} alias, declared only when there are target accounts or Identity Center is configured
     * ({@link JitaApprovalProps#revokesThroughRevokeFunction()}; with {@code JITA_REVOKE_FUNCTION}). IAM-role requests
     * in the jita account are revoked in-process ({@link #REVOKE_ROLE_POLICIES}); the function needs
     * {@code JITA_HOME_ACCOUNT} to tell them apart. Intake and the incident function get this instead of
     * {@link #ASSUME_TARGET_ROLE} and {@link #USE_IDENTITY_CENTER}: the target role and the Identity Center role (which
     * can create and assign permission sets) trust only the grant, revoke and sweeper functions, and intake faces the
     * internet.
     */
    REVOKE_THROUGH_REVOKE_FUNCTION,
    /**
     * sts:AssumeRole on exactly jita's Identity Center role ({@link JitaIdentityCenterAccess}, the configured role
     * ARN) and the JITA_IDENTITY_CENTER_* variables, declared only when Identity Center is configured: grant, revoke
     * and sweeper, and no other function, create, assign and remove permission sets through it. Intake and the
     * incident function revoke an Identity Center user's request through the revoke function
     * ({@link #REVOKE_THROUGH_REVOKE_FUNCTION}).
     */
    USE_IDENTITY_CENTER,
    /**
     * iam:GetRole on the jita account's Identity Center roles ({@code role/aws-reserved/sso.amazonaws.com/*}), declared
     * only when Identity Center is configured: the grant checks that a requester's SSO role is one (read only; those
     * roles belong to Identity Center, and nothing of jita's changes them). In target accounts the target role has it.
     */
    READ_IDENTITY_CENTER_ROLES,
    /** GetItem and UpdateItem on the incidents table (IncidentRecords: one item per incident, updated in place). */
    RECORD_INCIDENTS,
    /** ses:SendEmail from the configured sender only (when one is configured). */
    SEND_EMAIL,
    /**
     * {@link #SEND_EMAIL} and its variables, declared only when Identity Center is configured: the grant function tells
     * an Identity Center user, at the Identity Store's address, that their access is active and which permission set
     * to pick. An IAM-role requester is never e-mailed.
     */
    TELL_IDENTITY_CENTER_USERS,
    /** secretsmanager:GetSecretValue on the Slack webhook secret (when there is one). */
    READ_SLACK_WEBHOOKS,
    /**
     * The export function's event source: DescribeStream, GetRecords and GetShardIterator on the audit table's stream
     * alone, and ListStreams, which DynamoDB authorizes only on Resource * (it lists stream ARNs, no data).
     */
    READ_AUDIT_STREAM,
    /** s3:PutObject under the export bucket's audit/ prefix, nothing else: Object Lock keeps what is written. */
    WRITE_AUDIT_EXPORT,
    /** s3:ListBucket (audit/ prefix only) and s3:GetObject under audit/ of the export bucket: verify from the export. */
    READ_AUDIT_EXPORT
}
