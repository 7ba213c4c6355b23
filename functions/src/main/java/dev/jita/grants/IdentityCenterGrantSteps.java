package dev.jita.grants;

import dev.jita.app.Metric;
import dev.jita.app.Metrics;
import dev.jita.audit.AuditEvents;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Decision;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.IdentityCenterSession;
import dev.jita.domain.Rule;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.facts.RequestFacts;
import dev.jita.grants.GrantRefused.Reason;
import dev.jita.iam.EligibleRoles;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.GrantRefusedException;
import dev.jita.iam.IamGateway;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.IamRole;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grant's steps for an IAM Identity Center user (issue 14), after {@link GrantService}'s re-checks of the request:
 * the permission set of jita's own, its assignment, and the workflow's AwaitProvisioning step that makes the request
 * ACTIVE only once Identity Center has provisioned it. Kept apart from the inline-policy grant so that each reads on
 * its own; {@link GrantService} is the one entry point.
 */
final class IdentityCenterGrantSteps {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityCenterGrantSteps.class);

    private final RequestStore store;
    private final Supplier<RuleBook> rules;
    private final Metrics metrics;
    private final Clock clock;
    private final Optional<IdentityCenterGrants> identityCenter;
    private final Supplier<Notifier> notifier;

    IdentityCenterGrantSteps(RequestStore store, Supplier<RuleBook> rules, Metrics metrics, Clock clock,
                             Optional<IdentityCenterGrants> identityCenter, Supplier<Notifier> notifier) {
        this.store = Objects.requireNonNull(store, "store");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.identityCenter = Objects.requireNonNull(identityCenter, "identityCenter");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    /**
     * The workflow's AwaitProvisioning step for an Identity Center grant: ACTIVE + GRANTED once Identity Center has
     * provisioned the assignment, and not before.
     *
     * @throws ProvisioningPending while Identity Center is still provisioning; the workflow asks again, bounded
     * @throws GrantRefused        when provisioning failed, or the window ended meanwhile; final
     */
    GrantResult confirmProvisioning(String requestId, GrantWindow window, String provisioningRequestId) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(provisioningRequestId, "provisioningRequestId");
        StoredRequest stored = GrantService.transientOnSdk(() -> store.find(requestId)).orElseThrow(() -> new GrantRefused(
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
     * The Grant step for an Identity Center user (after {@link GrantService}'s re-checks of the request): the SSO role must be Identity Center's own, the user must exist;
     * then the request's permission set with exactly its statement, recorded on the request before anything is
     * assigned (so the revoke and the sweeper can always find it), and the assignment, whose provisioning the
     * workflow then awaits.
     */
    GrantResult start(StoredRequest stored, GrantWindow window, IamGateway iam,
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
                return GrantService.transientOnSdk(() -> store.apply(before, RequestUpdate.grantOnly(grant),
                        AuditEvents.provisioningStarted(before.request().requester().roleName(), name,
                                before.request().requester().accountId(), permissionSetArn, session.userName(),
                                user.userId(), window)));
            } catch (ConflictException e) {
                if (attempt >= GrantService.ATTEMPTS) {
                    throw new TransientFailure("request " + stored.requestId()
                            + " kept changing while its permission set was recorded", e);
                }
                current = GrantService.transientOnSdk(() -> store.get(stored.requestId()));
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
                GrantService.transientOnSdk(() -> store.apply(before, RequestUpdate.moveTo(Status.ACTIVE),
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
                if (attempt >= GrantService.ATTEMPTS) {
                    throw new TransientFailure("request " + id + " kept changing while the grant was recorded", e);
                }
                current = GrantService.transientOnSdk(() -> store.get(id));
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
        IamRole role = GrantService.iamCall(() -> {
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

    /** Identity Center's answers in the workflow's terms, as {@link GrantService#iamCall} does for IAM. */
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
}
