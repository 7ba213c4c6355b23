package dev.jita.grants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.Metric;
import dev.jita.app.Metrics;
import dev.jita.audit.AuditEvents;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Eligibility;
import dev.jita.domain.EligibilityResult;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.IdentityCenterSession;
import dev.jita.domain.RequestHash;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.grants.GrantRefused.Reason;
import dev.jita.iam.EligibleRoles;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.GrantRefusedException;
import dev.jita.iam.IamGateway;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.IamRole;
import dev.jita.iam.InlinePolicySize;
import dev.jita.iam.TargetAccounts;
import dev.jita.notifications.Notifier;
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
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The workflow's Grant step (design.md, "The grant"): re-checks everything that could have changed since the
 * approval, puts the request's inline policy on the requester's role, and records ACTIVE + GRANTED in one
 * transaction. An IAM Identity Center user's request takes {@link IdentityCenterGrantSteps} after the same re-checks:
 * a permission set of its own, assigned, and ACTIVE only once provisioned ({@link #confirmProvisioning}).
 *
 * <p>Refusals are final ({@link GrantRefused}); throttling and IAM or DynamoDB outages are {@link TransientFailure}s,
 * which the workflow retries. A re-run on the same input has one effect (security.md, "Workflow").
 */
public final class GrantService {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int ATTEMPTS = 5;

    private final RequestStore store;
    private final TargetAccounts targets;
    private final Supplier<RuleBook> rules;
    private final EligibleRoles eligibleRoles;
    private final Metrics metrics;
    private final Clock clock;
    private final IdentityCenterGrantSteps identityCenterSteps;

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
        this.store = Objects.requireNonNull(store, "store");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.eligibleRoles = Objects.requireNonNull(eligibleRoles, "eligibleRoles");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.identityCenterSteps = new IdentityCenterGrantSteps(store, rules, metrics, clock, identityCenter,
                notifier);
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
            return identityCenterSteps.start(stored, window, iam, sso.get());
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
     * provisioned the assignment, and not before ({@link IdentityCenterGrantSteps}).
     *
     * @throws dev.jita.workflow.ProvisioningPending while Identity Center is still provisioning; the workflow asks
     *                                                again, bounded
     * @throws GrantRefused when provisioning failed, or the window ended meanwhile; final
     */
    public GrantResult confirmProvisioning(String requestId, GrantWindow window, String provisioningRequestId) {
        return identityCenterSteps.confirmProvisioning(requestId, window, provisioningRequestId);
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
    static <T> T iamCall(Supplier<T> call) {
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

    static <T> T transientOnSdk(Supplier<T> call) {
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
