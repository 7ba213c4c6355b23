package dev.jita.infra;

import dev.jita.app.Environment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * Everything {@link JitaApproval} needs; build with {@link #builder()}.
 *
 * @param functionsJar          the shaded functions jar (functions/target/lambda/jita-functions.jar)
 * @param rulesFile             the rules file, validated at synth and shipped to the functions
 * @param workflowDefinition    statemachine/approval.asl.json
 * @param eligibleRolePath      IAM path of the roles that may receive grants, like /jita/
 * @param notifications         SES sender and Slack webhook secret
 * @param incidents             incident sources and settings; the incident function and its table exist only with
 *                              at least one source (default: none)
 * @param sweeper               the sweeper's schedule; empty: no sweeper (default: every five minutes)
 * @param alarmTopic            where alarms go; empty: the construct creates an encrypted topic
 * @param logRetention          retention of every log group (functions, workflow, API access)
 * @param stageName             API Gateway stage, also the last part of approval links
 * @param throttlingRateLimit   stage-wide steady requests per second
 * @param throttlingBurstLimit  stage-wide burst
 * @param maxPendingPerRequester pending requests one requester role (all its sessions) may have before intake answers 429
 * @param maxGrantsPerRole      requests one requester role may have pending, scheduled or active (auto-approved ones
 *                              included) before intake answers 429
 * @param previousLinkKeyArn    during link key rotation: the key whose links still verify
 * @param stateMachineName      the workflow's name; empty: derived from the construct's path
 * @param publicBaseUrl         base of approval links behind a custom domain; empty: the API's execute-api URL
 * @param targetAccounts        the other accounts where {@link JitaTarget} is deployed (12-digit ids): grants go there
 *                              through the target role, and the sweeper sweeps them (default: none, the jita account
 *                              alone)
 * @param targetRole            the role jita's grant, revoke and sweeper functions assume in a target account
 * @param auditExportRetention  how long Object Lock (compliance mode) keeps each exported audit object from deletion
 *                              or overwrite, by anyone, root included (default: 400 days)
 * @param identityCenter        where IAM Identity Center is and the role ({@link JitaIdentityCenterAccess}) grant,
 *                              revoke and sweeper assume there; empty: Identity Center is off (default)
 */
public record JitaApprovalProps(
        Path functionsJar,
        Path rulesFile,
        Path workflowDefinition,
        String eligibleRolePath,
        Notifications notifications,
        Incidents incidents,
        Optional<SweeperSchedule> sweeper,
        Optional<ITopic> alarmTopic,
        RetentionDays logRetention,
        String stageName,
        double throttlingRateLimit,
        int throttlingBurstLimit,
        int maxPendingPerRequester,
        int maxGrantsPerRole,
        Optional<String> previousLinkKeyArn,
        Optional<String> stateMachineName,
        Optional<String> publicBaseUrl,
        List<String> targetAccounts,
        TargetRole targetRole,
        Duration auditExportRetention,
        Optional<IdentityCenterSettings> identityCenter) {

    public JitaApprovalProps {
        Objects.requireNonNull(functionsJar, "functionsJar");
        Objects.requireNonNull(rulesFile, "rulesFile");
        Objects.requireNonNull(workflowDefinition, "workflowDefinition");
        Objects.requireNonNull(eligibleRolePath, "eligibleRolePath");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(incidents, "incidents");
        Objects.requireNonNull(sweeper, "sweeper");
        Objects.requireNonNull(alarmTopic, "alarmTopic");
        Objects.requireNonNull(logRetention, "logRetention");
        Objects.requireNonNull(stageName, "stageName");
        Objects.requireNonNull(previousLinkKeyArn, "previousLinkKeyArn");
        Objects.requireNonNull(stateMachineName, "stateMachineName");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(targetAccounts, "targetAccounts");
        Objects.requireNonNull(targetRole, "targetRole");
        Objects.requireNonNull(auditExportRetention, "auditExportRetention");
        Objects.requireNonNull(identityCenter, "identityCenter");
        // Object Lock retention is whole days (or years); less than one day would keep nothing.
        if (auditExportRetention.toDays() < 1 || !auditExportRetention.equals(Duration.ofDays(auditExportRetention.toDays()))) {
            throw new IllegalArgumentException("auditExportRetention is a whole number of days, at least one; got "
                    + auditExportRetention);
        }
        // The same rule JitaConfig applies in the functions; failing here fails synth instead of every cold start.
        RolePaths.requireEligible(eligibleRolePath);
        RolePaths.requireDisjoint(eligibleRolePath, targetRole);
        targetAccounts = List.copyOf(targetAccounts);
        for (String account : targetAccounts) {
            if (!account.matches("[0-9]{12}")) {
                throw new IllegalArgumentException("a target account is a 12-digit AWS account id; got '" + account
                        + "'");
            }
        }
        if (Set.copyOf(targetAccounts).size() != targetAccounts.size()) {
            throw new IllegalArgumentException("a target account is listed twice in " + targetAccounts);
        }
        // The role is assumed, never granted to: it must not lie where grants go (its account may be a target).
        identityCenter.map(IdentityCenterSettings::rolePath).filter(path -> path.startsWith(eligibleRolePath)
                || eligibleRolePath.startsWith(path)).ifPresent(path -> {
                    throw new IllegalArgumentException("the Identity Center role's path '" + path + "' and the"
                            + " eligible role path '" + eligibleRolePath + "' overlap, so a grant could land on jita's"
                            + " Identity Center role; keep it at " + JitaIdentityCenterAccess.ROLE_PATH);
                });
        if (maxPendingPerRequester < 1) {
            throw new IllegalArgumentException("maxPendingPerRequester must be at least 1; got " + maxPendingPerRequester);
        }
        if (maxGrantsPerRole < 1) {
            throw new IllegalArgumentException("maxGrantsPerRole must be at least 1; got " + maxGrantsPerRole);
        }
        if (!stageName.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("the stage name may hold only letters, digits and '_'; got '" + stageName + "'");
        }
        // IncidentFunction builds its notifier at init (break-glass tells every approver) and refuses to start
        // without a channel; under SnapStart that failure would come only when CloudFormation publishes the version.
        if (incidents.enabled() && !notifications.hasChannel()) {
            throw new IllegalArgumentException("incident sources need a notification channel, because the incident"
                    + " function tells approvers of break-glass approvals and does not start without one; set"
                    + " jita:sesSender or a Slack webhook secret");
        }
    }

    /**
     * The function specs this deployment has: the core five, plus incident and sweeper when enabled, export always,
     * and activity when there are target accounts (their JitaTarget stacks forward the CloudTrail calls it records).
     */
    public List<FunctionSpec> functions() {
        List<FunctionSpec> all = new java.util.ArrayList<>(FunctionSpec.CORE);
        if (incidents.enabled()) {
            all.add(FunctionSpec.INCIDENT);
        }
        if (sweeper.isPresent()) {
            all.add(FunctionSpec.SWEEPER);
        }
        all.add(FunctionSpec.EXPORT);
        if (!targetAccounts.isEmpty()) {
            all.add(FunctionSpec.ACTIVITY);
        }
        return List.copyOf(all);
    }

    /**
     * Whether a request can need more than the jita account's own IAM to revoke: one in a target account, or one
     * granted through Identity Center. Intake (early revoke) and the incident function then hand such requests to
     * the revoke function ({@link Capability#REVOKE_THROUGH_REVOKE_FUNCTION}) rather than hold that access
     * themselves.
     */
    public boolean revokesThroughRevokeFunction() {
        return !targetAccounts.isEmpty() || identityCenter.isPresent();
    }

    /** These props with the alarms going to {@code topic}. */
    public JitaApprovalProps withAlarmTopic(ITopic topic) {
        return new JitaApprovalProps(functionsJar, rulesFile, workflowDefinition, eligibleRolePath, notifications,
                incidents, sweeper, Optional.of(topic), logRetention, stageName, throttlingRateLimit,
                throttlingBurstLimit, maxPendingPerRequester, maxGrantsPerRole, previousLinkKeyArn, stateMachineName,
                publicBaseUrl, targetAccounts, targetRole, auditExportRetention, identityCenter);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Defaults: paths relative to infrastructure/ (where cdk.json runs), /jita/, no e-mail, no incident sources,
     * the sweeper every five minutes, one year of logs, no target account, the target role jita-target at
     * /jita-system/.
     */
    public static final class Builder {
        private Path functionsJar = Path.of("../functions/target/lambda/jita-functions.jar");
        private Path rulesFile = Path.of("../config/rules.yaml");
        private Path workflowDefinition = Path.of("../statemachine/approval.asl.json");
        private String eligibleRolePath = Environment.DEFAULT_ELIGIBLE_ROLE_PATH;
        private Notifications notifications = Notifications.none();
        private Incidents incidents = Incidents.none();
        private Optional<SweeperSchedule> sweeper = Optional.of(SweeperSchedule.byDefault());
        private Optional<ITopic> alarmTopic = Optional.empty();
        private RetentionDays logRetention = RetentionDays.ONE_YEAR;
        private String stageName = "prod";
        private double throttlingRateLimit = 20;
        private int throttlingBurstLimit = 40;
        private int maxPendingPerRequester = 5;
        private int maxGrantsPerRole = 20;
        private Optional<String> previousLinkKeyArn = Optional.empty();
        private Optional<String> stateMachineName = Optional.empty();
        private Optional<String> publicBaseUrl = Optional.empty();
        private List<String> targetAccounts = List.of();
        private TargetRole targetRole = TargetRole.byDefault();
        private Duration auditExportRetention = Duration.ofDays(400);
        private Optional<IdentityCenterSettings> identityCenter = Optional.empty();

        public Builder functionsJar(Path v) { functionsJar = v; return this; }
        public Builder rulesFile(Path v) { rulesFile = v; return this; }
        public Builder workflowDefinition(Path v) { workflowDefinition = v; return this; }
        public Builder eligibleRolePath(String v) { eligibleRolePath = v; return this; }
        public Builder notifications(Notifications v) { notifications = v; return this; }
        public Builder incidents(Incidents v) { incidents = v; return this; }
        /** The sources alone, with the function's defaults for the rest. */
        public Builder incidentSources(List<IncidentSource> v) { incidents = Incidents.from(v); return this; }
        public Builder sweeper(SweeperSchedule v) { sweeper = Optional.of(v); return this; }
        public Builder sweeperInterval(Duration v) { sweeper = Optional.of(SweeperSchedule.every(v)); return this; }
        /** No sweeper: failed revokes and orphaned jita-* policies then wait for a person. */
        public Builder withoutSweeper() { sweeper = Optional.empty(); return this; }
        public Builder alarmTopic(ITopic v) { alarmTopic = Optional.ofNullable(v); return this; }
        public Builder logRetention(RetentionDays v) { logRetention = v; return this; }
        public Builder stageName(String v) { stageName = v; return this; }
        public Builder throttling(double rateLimit, int burstLimit) {
            throttlingRateLimit = rateLimit;
            throttlingBurstLimit = burstLimit;
            return this;
        }
        public Builder maxPendingPerRequester(int v) { maxPendingPerRequester = v; return this; }
        public Builder maxGrantsPerRole(int v) { maxGrantsPerRole = v; return this; }
        public Builder previousLinkKeyArn(String v) { previousLinkKeyArn = Optional.ofNullable(v); return this; }
        public Builder stateMachineName(String v) { stateMachineName = Optional.ofNullable(v); return this; }
        public Builder publicBaseUrl(String v) { publicBaseUrl = Optional.ofNullable(v); return this; }
        public Builder targetAccounts(List<String> v) { targetAccounts = v; return this; }
        public Builder targetRole(TargetRole v) { targetRole = v; return this; }
        public Builder auditExportRetention(Duration v) { auditExportRetention = v; return this; }
        public Builder identityCenter(IdentityCenterSettings v) { identityCenter = Optional.ofNullable(v); return this; }

        public JitaApprovalProps build() {
            return new JitaApprovalProps(functionsJar, rulesFile, workflowDefinition, eligibleRolePath, notifications,
                    incidents, sweeper, alarmTopic, logRetention, stageName, throttlingRateLimit,
                    throttlingBurstLimit, maxPendingPerRequester, maxGrantsPerRole, previousLinkKeyArn,
                    stateMachineName, publicBaseUrl, targetAccounts, targetRole, auditExportRetention,
                    identityCenter);
        }
    }
}
