package dev.jita.grants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.Metric;
import dev.jita.app.Metrics;
import dev.jita.audit.AuditEvents;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Decision;
import dev.jita.domain.Eligibility;
import dev.jita.domain.EligibilityResult;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.IdentityCenterSession;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Rule;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.grants.GrantRefused.Reason;
import dev.jita.facts.RequestFacts;
import dev.jita.iam.EligibleRoles;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.GrantRefusedException;
import dev.jita.iam.IamGateway;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.IamRole;
import dev.jita.iam.InlinePolicySize;
import dev.jita.iam.TargetAccounts;
import dev.jita.identitycenter.IdentityCenterException;
import dev.jita.identitycenter.IdentityCenterUser;
import dev.jita.identitycenter.ProvisioningStatus;
import dev.jita.notifications.Message;
import dev.jita.notifications.Notification;
import dev.jita.notifications.Notifier;
import dev.jita.notifications.Recipient;
import dev.jita.store.ConflictException;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.workflow.ProvisioningPending;
import dev.jita.workflow.TransientFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The workflow's Grant step (design.md, "The grant"): re-checks everything that could have changed since the
 * approval, puts the request's inline policy on the requester's role, and records ACTIVE + GRANTED in one
 * transaction.
 *
 * <p>Refusals are final ({@link GrantRefused}); throttling and IAM or DynamoDB outages are {@link TransientFailure}s,
 * which the workflow retries. A re-run on the same input has one effect (security.md, "Workflow").
 */
public final class GrantService {
    private static final Logger LOG = LoggerFactory.getLogger(GrantService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 5;

    private final RequestStore store;
    private final TargetAccounts targets;
    private final Supplier<RuleBook> rules;
    private final EligibleRoles eligibleRoles;
    private final Metrics metrics;
    private final Clock clock;
    private final Optional<IdentityCenterGrants> identityCenter;
    private final Supplier<Notifier> notifier;

    /**
     * @param targets IAM per account: the policy goes on the requester's role in the requester's own account
     * @param rules   the rules as they read now (the re-check is against the current rules, not the approved ones)
     */
    public GrantService(RequestStore store, TargetAccounts targets, Supplier<RuleBook> rules,
                        EligibleRoles eligibleRoles, Metrics metrics, Clock clock) {
        this(store, targets, rules, eligibleRoles, metrics, clock, Optional.empty(), () -> {
            throw new IllegalStateException("this grant service has no notifier");
        });
    }

    /**
     * @param identityCenter grants for Identity Center users; empty where jita is not configured for it
     * @param notifier       tells an Identity Center user their access is active; asked for only then
     */
    public GrantService(RequestStore store, TargetAccounts targets, Supplier<RuleBook> rules,
                        EligibleRoles eligibleRoles, Metrics metrics, Clock clock,
                        Optional<IdentityCenterGrants> identityCenter, Supplier<Notifier> notifier) {
        this.identityCenter = Objects.requireNonNull(identityCenter, "identityCenter");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.store = Objects.requireNonNull(store, "store");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.eligibleRoles = Objects.requireNonNull(eligibleRoles, "eligibleRoles");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Grants the approved request for {@code window}.
     *
     * @throws GrantRefused     when the grant must not happen; final
     * @throws TransientFailure when IAM or DynamoDB failed in a way a later attempt may not
     */
    public GrantResult grant(String requestId, GrantWindow window) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(window, "window");
        StoredRequest stored = transientOnSdk(() -> store.find(requestId)).orElseThrow(() -> new GrantRefused(
                Reason.NOT_FOUND, "Request " + requestId + " does not exist; nothing was granted."));
        AccessRequest request = stored.request();
        String roleName = request.requester().roleName();
        String policyName = policyName(requestId);

        switch (stored.status()) {
            case APPROVED, SCHEDULED, ACTIVE -> {
                // go on: ACTIVE is a re-run, checked below
            }
            // Revoked early, before its window began: there is nothing to grant and nothing went wrong.
            case REVOKED -> {
                return new GrantResult(requestId, stored.status(), roleName, policyName, false);
            }
            default -> throw new GrantRefused(Reason.NOT_APPROVED, "Request " + requestId + " is "
                    + stored.status() + ", not approved; nothing was granted.");
        }

        recheckRequest(stored, window);
        // Only now, with the request still good, reach the requester's account (an AssumeRole if not cached).
        IamGateway iam = iamCall(() -> targets.in(request.requester().accountId(), requestId));
        Optional<IdentityCenterSession> sso = request.requester().identityCenter();
        if (sso.isPresent()) {
            return startIdentityCenterGrant(stored, window, iam, sso.get());
        }
        GrantPolicy policy = recheckRole(stored, window, iam);
        if (stored.status() == Status.ACTIVE && policyInPlace(iam, policy)) {
            return new GrantResult(requestId, Status.ACTIVE, roleName, policyName, false);
        }

        iamCall(() -> {
            InlinePolicySize.requireFits(iam, policy.roleName(), policy.policyName(), policy.document());
            iam.putRolePolicy(policy.roleName(), policy.policyName(), policy.document());
            return null;
        });
        return record(iam, stored, policy, window);
    }

    /**
     * The workflow's AwaitProvisioning step for an Identity Center grant: ACTIVE + GRANTED once Identity Center has
     * provisioned the assignment, and not before.
     *
     * @throws ProvisioningPending while Identity Center is still provisioning; the workflow asks again, bounded
     * @throws GrantRefused        when provisioning failed, or the window ended meanwhile; final
     */
    public GrantResult confirmProvisioning(String requestId, GrantWindow window, String provisioningRequestId) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(provisioningRequestId, "provisioningRequestId");
        StoredRequest stored = transientOnSdk(() -> store.find(requestId)).orElseThrow(() -> new GrantRefused(
                Reason.NOT_FOUND, "Request " + requestId + " does not exist; nothing was granted."));
        String roleName = stored.request().requester().roleName();
        String name = IdentityCenterGrants.permissionSetName(requestId);
        switch (stored.status()) {
            case APPROVED, SCHEDULED -> {
                // go on
            }
            // A re-run after it was recorded.
            case ACTIVE -> {
                return GrantResult.identityCenter(requestId, stored.status(), roleName, name, false, null);
            }
            case REVOKED -> {
                return removeAfterEarlyRevoke(stored, provisioningRequestId);
            }
            default -> throw new GrantRefused(Reason.NOT_APPROVED, "Request " + requestId + " is "
                    + stored.status() + ", not approved; nothing was granted.");
        }
        IdentityCenterGrants sso = identityCenterOrRefuse(requestId);
        ProvisioningStatus status = ssoCall(() -> sso.creationStatus(provisioningRequestId));
        switch (status.state()) {
            case IN_PROGRESS -> throw new ProvisioningPending("Identity Center is still provisioning permission set "
                    + name + " for request " + requestId + " (provisioning request " + provisioningRequestId
                    + "); the workflow's wait for it ran out. [" + Reason.PROVISIONING_NOT_FINISHED.name() + "]");
            case FAILED -> throw new GrantRefused(Reason.PROVISIONING_FAILED, "Identity Center could not assign "
                    + "permission set " + name + " to " + stored.request().requester().sessionName() + " in account "
                    + stored.request().requester().accountId() + ": "
                    + (status.failureReason() == null ? "no reason given" : status.failureReason())
                    + "; nothing was granted.");
            case SUCCEEDED -> {
                // go on
            }
        }
        if (!window.isStillAhead(clock)) {
            throw new GrantRefused(Reason.WINDOW_PASSED, "The window of request " + requestId + " ended at "
                    + window.notAfter() + " while Identity Center provisioned it; ask for the access again.");
        }
        return recordIdentityCenterGrant(stored, window, name);
    }

    /**
     * Revoked early while Identity Center was provisioning: the revoke found no assignment yet to delete, so the
     * assignment may appear after it. Wait (the workflow's bounded retries) for provisioning to end, then take the
     * assignment and the permission set away; the sweeper is the last resort if this runs out of attempts.
     */
    private GrantResult removeAfterEarlyRevoke(StoredRequest stored, String provisioningRequestId) {
        String requestId = stored.requestId();
        String name = IdentityCenterGrants.permissionSetName(requestId);
        String permissionSetArn = stored.grant().get(IdentityCenterGrants.GRANT_PERMISSION_SET_ARN);
        if (permissionSetArn != null && identityCenter.isPresent()) {
            IdentityCenterGrants sso = identityCenter.get();
            ProvisioningStatus creation = ssoCall(() -> sso.creationStatus(provisioningRequestId));
            IdentityCenterGrants.Removal removal = creation.state() == ProvisioningStatus.State.IN_PROGRESS
                    ? IdentityCenterGrants.Removal.IN_PROGRESS
                    : ssoCall(() -> sso.removeStep(stored.request().requester().accountId(), permissionSetArn));
            if (removal == IdentityCenterGrants.Removal.IN_PROGRESS) {
                throw new ProvisioningPending("Request " + requestId + " was revoked while Identity Center was"
                        + " provisioning permission set " + name + "; waiting to take it away again. ["
                        + Reason.PROVISIONING_NOT_FINISHED.name() + "]");
            }
        }
        return GrantResult.identityCenter(requestId, Status.REVOKED, stored.request().requester().roleName(), name,
                false, null);
    }

    /**
     * The Grant step for an Identity Center user: the SSO role must be Identity Center's own, the user must exist;
     * then the request's permission set with exactly its statement, recorded on the request before anything is
     * assigned (so the revoke and the sweeper can always find it), and the assignment, whose provisioning the
     * workflow then awaits.
     */
    private GrantResult startIdentityCenterGrant(StoredRequest stored, GrantWindow window, IamGateway iam,
                                                 IdentityCenterSession session) {
        AccessRequest request = stored.request();
        String requestId = request.requestId();
        IdentityCenterGrants sso = identityCenterOrRefuse(requestId);
        recheckIdentityCenterRole(request, iam);
        String name = IdentityCenterGrants.permissionSetName(requestId);
        GrantPolicy policy;
        try {
            policy = GrantPolicy.forPermissionSet(request, window.notBefore(), window.notAfter(), name);
        } catch (GrantRefusedException e) {
            throw new GrantRefused(Reason.POLICY_REFUSED, e.getMessage(), e);
        }
        IdentityCenterUser user = ssoCall(() -> {
            try {
                return sso.user(session.userName());
            } catch (IdentityCenterException.NotFound e) {
                throw new GrantRefused(Reason.IDENTITY_CENTER_USER_NOT_FOUND, "The Identity Store has no user named '"
                        + session.userName() + "'; nothing was granted.", e);
            }
        });
        StoredRequest current = stored;
        String permissionSetArn = stored.grant().get(IdentityCenterGrants.GRANT_PERMISSION_SET_ARN);
        if (permissionSetArn == null) {
            String arn = ssoCall(() -> sso.createPermissionSet(requestId, "jita request " + requestId + " for "
                    + session.userName() + ": " + String.join(", ", request.actions())));
            current = recordPermissionSet(stored, window, session, user, arn, name);
            permissionSetArn = arn;
        }
        String psArn = permissionSetArn;
        ssoCall(() -> {
            sso.putPolicy(psArn, policy.document());
            return null;
        });
        String account = request.requester().accountId();
        if (ssoCall(() -> sso.isAssigned(account, psArn, user.userId()))) {
            // A re-run after the assignment was provisioned (a retried Grant, a workflow the sweeper restarted):
            // nothing to wait for, and asking Identity Center to create it again would only conflict.
            return current.status() == Status.ACTIVE
                    ? GrantResult.identityCenter(requestId, Status.ACTIVE, request.requester().roleName(), name, false,
                            null)
                    : recordIdentityCenterGrant(current, window, name);
        }
        ProvisioningStatus assignment = ssoCall(() -> sso.assign(request.requester().accountId(), psArn,
                user.userId()));
        if (assignment.state() == ProvisioningStatus.State.FAILED) {
            throw new GrantRefused(Reason.PROVISIONING_FAILED, "Identity Center could not assign permission set "
                    + name + " to " + session.userName() + " in account " + request.requester().accountId() + ": "
                    + (assignment.failureReason() == null ? "no reason given" : assignment.failureReason())
                    + "; nothing was granted.");
        }
        return GrantResult.identityCenter(requestId, current.status(), request.requester().roleName(), name, true,
                assignment.requestId());
    }

    /** The permission set on the request, status unchanged, with its PROVISIONING_STARTED entry. */
    private StoredRequest recordPermissionSet(StoredRequest stored, GrantWindow window, IdentityCenterSession session,
                                              IdentityCenterUser user, String permissionSetArn, String name) {
        Map<String, String> grant = new LinkedHashMap<>();
        grant.put(StoredRequest.GRANT_ROLE, stored.request().requester().roleName());
        grant.put(StoredRequest.GRANT_POLICY_NAME, name);
        grant.put(IdentityCenterGrants.GRANT_PERMISSION_SET_ARN, permissionSetArn);
        grant.put(IdentityCenterGrants.GRANT_USER_ID, user.userId());
        StoredRequest current = stored;
        for (int attempt = 1; ; attempt++) {
            StoredRequest before = current;
            try {
                return transientOnSdk(() -> store.apply(before, RequestUpdate.grantOnly(grant),
                        AuditEvents.provisioningStarted(before.request().requester().roleName(), name,
                                before.request().requester().accountId(), permissionSetArn, session.userName(),
                                user.userId(), window)));
            } catch (ConflictException e) {
                if (attempt >= ATTEMPTS) {
                    throw new TransientFailure("request " + stored.requestId()
                            + " kept changing while its permission set was recorded", e);
                }
                current = transientOnSdk(() -> store.get(stored.requestId()));
                if (current.status() != Status.APPROVED && current.status() != Status.SCHEDULED) {
                    // Revoked or ended meanwhile: the request is not granted; the sweeper removes the permission set.
                    throw new GrantRefused(Reason.NOT_APPROVED, "Request " + stored.requestId() + " became "
                            + current.status() + " while its permission set was created; nothing was granted.");
                }
            }
        }
    }

    /** ACTIVE + GRANTED for an Identity Center grant, with what the requester picks in the access portal. */
    private GrantResult recordIdentityCenterGrant(StoredRequest stored, GrantWindow window, String name) {
        String id = stored.requestId();
        String role = stored.request().requester().roleName();
        StoredRequest current = stored;
        for (int attempt = 1; ; attempt++) {
            StoredRequest before = current;
            try {
                transientOnSdk(() -> store.apply(before, RequestUpdate.moveTo(Status.ACTIVE),
                        AuditEvents.granted(role, name, window)
                                .withDetail(AuditEvents.ACCOUNT, before.request().requester().accountId())
                                .withDetail(AuditEvents.PERMISSION_SET_NAME, name)
                                .withDetail(AuditEvents.PERMISSION_SET_ARN,
                                        before.grant().get(IdentityCenterGrants.GRANT_PERMISSION_SET_ARN))
                                .withDetail(AuditEvents.HOW_TO_USE, IdentityCenterGrants.howToUse(name,
                                        before.request().requester().accountId()))));
                metrics.count(Metric.Granted);
                tellRequesterActive(before, window, name);
                return GrantResult.identityCenter(id, Status.ACTIVE, role, name, true, null);
            } catch (ConflictException e) {
                if (attempt >= ATTEMPTS) {
                    throw new TransientFailure("request " + id + " kept changing while the grant was recorded", e);
                }
                current = transientOnSdk(() -> store.get(id));
                if (current.status() != Status.APPROVED && current.status() != Status.SCHEDULED) {
                    return GrantResult.identityCenter(id, current.status(), role, name, false, null);
                }
            }
        }
    }

    /**
     * Tells the Identity Center user, at the e-mail address the Identity Store holds for them, that their access is
     * active and which permission set to pick. Best effort: the grant stands whether or not the message goes out
     * (the request's answer and timeline say the same); a failure is logged and counted.
     */
    private void tellRequesterActive(StoredRequest stored, GrantWindow window, String permissionSet) {
        AccessRequest request = stored.request();
        try {
            IdentityCenterSession session = request.requester().identityCenter().orElseThrow();
            IdentityCenterUser user = identityCenterOrRefuse(stored.requestId()).user(session.userName());
            if (user.email() == null) {
                LOG.info("request {}: Identity Center user {} has no e-mail address; not told the access is active",
                        stored.requestId(), session.userName());
                return;
            }
            int approvals = (int) stored.approvals().values().stream()
                    .filter(a -> a.decision() == Decision.APPROVE).count();
            int required = rules.get().rule(request.ruleId()).map(Rule::approvalsRequired).orElse(approvals);
            notifier.get().send(new Notification(new Recipient(session.userName(), Optional.of(user.email()),
                    Optional.empty()), RequestFacts.of(request, approvals, Math.max(1, required)),
                    new Message.AccessActive(permissionSet, request.requester().accountId(), window.notAfter())));
        } catch (RuntimeException e) {
            LOG.warn("request {}: could not tell the requester the access is active: {}", stored.requestId(),
                    e.getMessage());
            metrics.count(Metric.ActiveNotifyFailed);
        }
    }

    /**
     * The requester's role must be one Identity Center made (under {@code /aws-reserved/sso.amazonaws.com/}, a path
     * AWS reserves for its services' roles), and the session must be of it: a role merely named
     * {@code AWSReservedSSO_...} could otherwise have jita grant to an Identity Center user of its creator's choosing.
     */
    private void recheckIdentityCenterRole(AccessRequest request, IamGateway iam) {
        IamRole role = iamCall(() -> {
            try {
                return iam.getRole(request.requester().roleName());
            } catch (IamGatewayException.NoSuchEntity e) {
                throw new GrantRefused(Reason.ROLE_NOT_ELIGIBLE, "Role " + request.requester().roleName()
                        + " does not exist in account " + request.requester().accountId() + "; nothing was granted.",
                        e);
            }
        });
        try {
            EligibleRoles.requireIdentityCenterRole(role, request.requester().userId());
        } catch (EligibleRoles.IneligibleRoleException e) {
            throw new GrantRefused(Reason.ROLE_NOT_ELIGIBLE, e.getMessage(), e);
        }
    }

    private IdentityCenterGrants identityCenterOrRefuse(String requestId) {
        return identityCenter.orElseThrow(() -> new GrantRefused(Reason.IDENTITY_CENTER_NOT_CONFIGURED, "Request "
                + requestId + " comes from an IAM Identity Center user, but this jita is not configured for Identity"
                + " Center (JITA_IDENTITY_CENTER_INSTANCE_ARN); nothing was granted."));
    }

    /** Identity Center's answers in the workflow's terms, as {@link #iamCall} does for IAM. */
    private static <T> T ssoCall(Supplier<T> call) {
        try {
            return call.get();
        } catch (IdentityCenterException.ServiceFailure e) {
            if (e.retryable()) {
                throw new TransientFailure(e.getMessage(), e);
            }
            throw new GrantRefused(Reason.IDENTITY_CENTER_REFUSED, e.getMessage(), e);
        } catch (IdentityCenterException.Conflict e) {
            // Another operation on the same permission set is under way (a re-run of this step): try again.
            throw new TransientFailure(e.getMessage(), e);
        } catch (IdentityCenterException e) {
            throw new GrantRefused(Reason.IDENTITY_CENTER_REFUSED, e.getMessage(), e);
        }
    }

    /** Everything about the request that must still hold before any account is reached. */
    private void recheckRequest(StoredRequest stored, GrantWindow window) {
        AccessRequest request = stored.request();
        String id = request.requestId();
        // security.md, "Approval links": an approval covers one exact request; recompute its hash and compare.
        if (!RequestHash.matches(request, stored.requestHash())) {
            throw new GrantRefused(Reason.HASH_MISMATCH, "Request " + id
                    + " no longer matches what its approvers approved; ask for the access again.");
        }
        EligibilityResult eligibility = new Eligibility(rules.get(), clock).recheck(request);
        if (eligibility instanceof EligibilityResult.NotEligible refused) {
            throw new GrantRefused(Reason.RULE_NO_LONGER_ALLOWS, "The rules no longer allow request " + id + ": "
                    + refused.message());
        }
        checkWindow(stored, window);
    }

    /** The role must exist under the eligible path in the requester's account; returns the policy to put. */
    private GrantPolicy recheckRole(StoredRequest stored, GrantWindow window, IamGateway iam) {
        AccessRequest request = stored.request();
        IamRole role = iamCall(() -> {
            try {
                return iam.getRole(request.requester().roleName());
            } catch (IamGatewayException.NoSuchEntity e) {
                throw new GrantRefused(Reason.ROLE_NOT_ELIGIBLE, "Role " + request.requester().roleName()
                        + " does not exist; ask an administrator to create it under " + eligibleRoles.pathPrefix()
                        + ".", e);
            }
        });
        try {
            eligibleRoles.requireEligible(role, request.requester().userId());
        } catch (EligibleRoles.IneligibleRoleException e) {
            throw new GrantRefused(Reason.ROLE_NOT_ELIGIBLE, e.getMessage(), e);
        }
        try {
            return GrantPolicy.of(request, window.notBefore(), window.notAfter());
        } catch (GrantRefusedException e) {
            throw new GrantRefused(Reason.POLICY_REFUSED, e.getMessage(), e);
        }
    }

    private void checkWindow(StoredRequest stored, GrantWindow window) {
        String id = stored.requestId();
        GrantWindow approved = stored.window();
        // Every approval stores its window with the status change; without one there is nothing to hold the
        // workflow's window to, so whatever window it carries must not be granted.
        if (approved == null) {
            throw new GrantRefused(Reason.WINDOW_INVALID, "Request " + id + " has no approved window on record, so "
                    + "the workflow's window cannot be checked; ask for the access again.");
        }
        if (!(sameMillis(approved.notBefore(), window.notBefore())
                && sameMillis(approved.notAfter(), window.notAfter()))) {
            throw new GrantRefused(Reason.WINDOW_INVALID, "The workflow's window " + window.notBefore() + " to "
                    + window.notAfter() + " is not the approved " + approved.notBefore() + " to "
                    + approved.notAfter() + " for request " + id + "; ask for the access again.");
        }
        Duration length = Duration.between(window.notBefore(), window.notAfter());
        if (length.compareTo(stored.request().duration()) > 0) {
            throw new GrantRefused(Reason.WINDOW_INVALID, "The window of request " + id + " lasts " + length
                    + ", longer than the " + stored.request().duration() + " asked for; ask for the access again.");
        }
        if (!window.isStillAhead(clock)) {
            throw new GrantRefused(Reason.WINDOW_PASSED, "The window of request " + id + " ended at "
                    + window.notAfter() + "; ask for the access again if it is still needed.");
        }
    }

    private static boolean sameMillis(Instant a, Instant b) {
        return a.truncatedTo(ChronoUnit.MILLIS).equals(b.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Whether the role already holds exactly this policy (IAM may reformat the document, so compare as JSON). */
    private boolean policyInPlace(IamGateway iam, GrantPolicy policy) {
        return iamCall(() -> {
            try {
                String current = iam.getRolePolicy(policy.roleName(), policy.policyName());
                return JSON.readTree(current).equals(JSON.readTree(policy.document()));
            } catch (IamGatewayException.NoSuchEntity gone) {
                return false;
            } catch (JsonProcessingException notJson) {
                return false;
            }
        });
    }

    /** ACTIVE + GRANTED in one transaction; re-reads when someone else changed the request meanwhile. */
    private GrantResult record(IamGateway iam, StoredRequest stored, GrantPolicy policy, GrantWindow window) {
        String id = stored.requestId();
        StoredRequest current = stored;
        for (int attempt = 1; ; attempt++) {
            try {
                if (current.status() == Status.ACTIVE) {
                    // A re-run that found the policy gone and put it back: same status, its own audit entry.
                    transientOnSdk(() -> store.appendEvent(id,
                            AuditEvents.reapplied(policy.roleName(), policy.policyName(), window)));
                    return new GrantResult(id, Status.ACTIVE, policy.roleName(), policy.policyName(), true);
                }
                StoredRequest before = current;
                RequestUpdate write = RequestUpdate.moveTo(Status.ACTIVE).withGrant(Map.of(StoredRequest.GRANT_ROLE,
                        policy.roleName(), StoredRequest.GRANT_POLICY_NAME, policy.policyName()));
                transientOnSdk(() -> store.apply(before, write,
                        AuditEvents.granted(policy.roleName(), policy.policyName(), window)));
                metrics.count(Metric.Granted);
                return new GrantResult(id, Status.ACTIVE, policy.roleName(), policy.policyName(), true);
            } catch (ConflictException e) {
                if (attempt >= ATTEMPTS) {
                    throw new TransientFailure("request " + id + " kept changing while the grant was recorded", e);
                }
                current = transientOnSdk(() -> store.get(id));
                if (current.status() == Status.ACTIVE && current.version() != stored.version()) {
                    // Another run of this step recorded it first.
                    return new GrantResult(id, Status.ACTIVE, policy.roleName(), policy.policyName(), false);
                }
                if (current.status() != Status.APPROVED && current.status() != Status.SCHEDULED
                        && current.status() != Status.ACTIVE) {
                    // Revoked (or ended otherwise) while the policy went in: take it out again.
                    iamCall(() -> iam.deleteRolePolicyIfPresent(policy.roleName(), policy.policyName()));
                    return new GrantResult(id, current.status(), policy.roleName(), policy.policyName(), false);
                }
            }
        }
    }

    static String policyName(String requestId) {
        try {
            return GrantPolicy.policyNameFor(requestId);
        } catch (GrantRefusedException e) {
            throw new GrantRefused(Reason.POLICY_REFUSED, e.getMessage(), e);
        }
    }

    /** IAM's answers in the workflow's terms: retryable trouble is transient, every other refusal final. */
    private <T> T iamCall(Supplier<T> call) {
        try {
            return call.get();
        } catch (IamGatewayException.LimitExceeded e) {
            throw new GrantRefused(Reason.SIZE_LIMIT, e.getMessage(), e);
        } catch (IamGatewayException.TargetUnreachable e) {
            throw new GrantRefused(e.kind() == IamGatewayException.TargetUnreachable.Kind.NOT_CONFIGURED
                    ? Reason.TARGET_ACCOUNT_NOT_CONFIGURED : Reason.TARGET_ACCOUNT_UNREACHABLE, e.getMessage(), e);
        } catch (IamGatewayException.ServiceFailure e) {
            if (e.retryable()) {
                throw new TransientFailure(e.getMessage(), e);
            }
            throw new GrantRefused(Reason.IAM_REFUSED, e.getMessage(), e);
        } catch (IamGatewayException e) {
            throw new GrantRefused(Reason.IAM_REFUSED, e.getMessage(), e);
        }
    }

    private static <T> T transientOnSdk(Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            if (e.retryable()) {
                throw new TransientFailure("DynamoDB failed and may succeed later: " + e.getMessage(), e);
            }
            throw e;
        }
    }

}
