package dev.jita.activity;

import dev.jita.app.Metric;
import dev.jita.app.Metrics;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.Origin;
import dev.jita.audit.Outcome;
import dev.jita.domain.Approver;
import dev.jita.domain.Decision;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.IdentityCenterSession;
import dev.jita.domain.Rule;
import dev.jita.domain.RuleBook;
import dev.jita.facts.RequestFacts;
import dev.jita.grants.IdentityCenterGrants;
import dev.jita.iam.EligibleRoles;
import dev.jita.notifications.Message;
import dev.jita.notifications.Notification;
import dev.jita.notifications.Notifier;
import dev.jita.notifications.Recipient;
import dev.jita.requests.RequestIds;
import dev.jita.store.Page;
import dev.jita.store.RequestStore;
import dev.jita.store.StoredRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a grant was used for: each CloudTrail call of a granted session is appended to its request's chain as
 * GRANT_USED, once per CloudTrail event id.
 *
 * <p>A call belongs to a request when the session that made it is the request's requester, by the account and the
 * aws:userid ({@code <roleUniqueId>:<session>}), never by the role's name alone: another session of the same role, or
 * a role deleted and created again under that name, is someone else. And when its time falls in the request's
 * window: [notBefore, notAfter) for any call; for a call refused for want of permission also up to
 * {@link #DEFAULT_GRACE} after notAfter, so that the attempt the expired grant no longer allowed is on record. The
 * request's status does not decide: CloudTrail delivers minutes late, by when a call made in the window's last
 * minute finds the request EXPIRED. A request that was never granted is never attributed a call.
 *
 * <p>An Identity Center grant is a permission set of its own, {@code jita-<id>}: its user signs in with it, as the
 * role Identity Center provisions for it ({@code AWSReservedSSO_jita-<id>_<hex>} under
 * {@value EligibleRoles#IDENTITY_CENTER_PATH}), not as the session that asked. Such a call belongs to the request
 * the role's name stands for alone, and only when that request's requester is an Identity Center user in the
 * call's account and the session is theirs (its name is the user name). A request granted through Identity Center
 * is never attributed the calls of the session that asked: that session holds nothing of the grant.
 *
 * <p>The request's first GRANT_USED entry (as the store decides it, in the transaction that appends it) tells the
 * approvers of its rule who opted in ({@link Approver#notifyOnFirstUse()}); a message that cannot be sent is logged
 * and counted, never an error: the use is on record, and a retry would be a duplicate that tells nobody.
 */
public final class GrantActivity {
    private static final Logger LOG = LoggerFactory.getLogger(GrantActivity.class);
    /** How long after the window a refused attempt is still the grant's story. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);
    static final String IN_WINDOW = "in-window";
    static final String AFTER_WINDOW = "after-window";
    /** The session's requests read at most, newest first: a bound on one event's work. */
    static final int MAX_CANDIDATES = 300;
    private static final int PAGE = 100;

    private final RequestStore store;
    private final Supplier<RuleBook> rules;
    private final Notifier notifier;
    private final Metrics metrics;
    private final Duration grace;

    /**
     * @param rules    the rules as they are now, read on a first use: who approves and who opted in
     * @param notifier reached on a request's first use only
     */
    public GrantActivity(RequestStore store, Supplier<RuleBook> rules, Notifier notifier, Metrics metrics,
                         Duration grace) {
        this.store = Objects.requireNonNull(store, "store");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.grace = Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace after a window cannot be negative, was " + grace);
        }
    }

    public ActivityOutcome record(CloudTrailCall call) {
        Optional<Match> match = match(call);
        if (match.isEmpty()) {
            LOG.debug("CloudTrail event {} ({} by {}) matches no grant; ignored", call.eventId(), call.action(),
                    call.sessionArn());
            metrics.count(Metric.ActivityUnmatched);
            return ActivityOutcome.unmatched();
        }
        StoredRequest request = match.get().request();
        Outcome outcome = !call.failed() ? Outcome.SUCCESS : call.denied() ? Outcome.REFUSED : Outcome.FAILURE;
        AuditDraft used = AuditEvents.grantUsed(call.sessionArn(), new Origin(call.sourceIp(), call.userAgent()),
                outcome, call.eventName(), call.eventSource(), call.eventId(), call.eventTime(),
                call.resources().isEmpty() ? null : String.join(",", call.resources()), call.errorCode(),
                match.get().when());
        Optional<RequestStore.OnceAppended> written = store.appendEventOnce(request.requestId(), call.eventId(), used);
        if (written.isEmpty()) {
            LOG.info("CloudTrail event {} was recorded on request {} before; nothing changed", call.eventId(),
                    request.requestId());
            return new ActivityOutcome(ActivityOutcome.Kind.DUPLICATE, request.requestId(), null);
        }
        metrics.count(Metric.GrantUsed);
        LOG.info("CloudTrail event {} ({} {}) recorded on request {}", call.eventId(), call.action(), outcome,
                request.requestId());
        if (written.get().firstOfType()) {
            tellOptedIn(request, call);
        }
        return new ActivityOutcome(ActivityOutcome.Kind.RECORDED, request.requestId(), outcome);
    }

    /** The first use: each approver of the request's rule who opted in, not the requester, hears of it. */
    private void tellOptedIn(StoredRequest request, CloudTrailCall call) {
        List<Approver> told;
        Rule rule;
        try {
            RuleBook book = rules.get();
            rule = book.rule(request.request().ruleId()).orElse(null);
            told = rule == null ? List.of() : book.eligibleApprovers(rule, request.request().requester()).stream()
                    .filter(Approver::notifyOnFirstUse).toList();
        } catch (RuntimeException e) {
            LOG.warn("request {}: could not read the rules to tell approvers of its first use: {}",
                    request.requestId(), e.getMessage());
            metrics.count(Metric.FirstUseNotifyFailed);
            return;
        }
        if (told.isEmpty()) {
            return;
        }
        RequestFacts facts = RequestFacts.of(request.request(), approvalsGiven(request),
                Math.max(1, rule.approvalsRequired()));
        Message.FirstUse message = new Message.FirstUse(call.sessionArn(), call.eventName(), call.eventSource(),
                call.resources(), call.eventTime(), Optional.ofNullable(call.errorCode()));
        for (Approver approver : told) {
            try {
                // Slack webhooks are looked up by approver id in the webhook secret.
                notifier.send(new Notification(new Recipient(approver.id(), Optional.of(approver.email()),
                        Optional.of(approver.id())), facts, message));
                LOG.info("request {}: told approver {} of its first use", request.requestId(), approver.id());
            } catch (RuntimeException e) {
                // NotificationException messages hold no secret; anything else is a bug, still not worth the entry.
                LOG.warn("request {}: could not tell approver {} of its first use: {}", request.requestId(),
                        approver.id(), e.getMessage());
                metrics.count(Metric.FirstUseNotifyFailed);
            }
        }
    }

    private static int approvalsGiven(StoredRequest request) {
        return (int) request.approvals().values().stream()
                .filter(a -> a.decision() == Decision.APPROVE).count();
    }

    /** A request of the call's session whose window the call falls in, and where it fell. */
    private record Match(StoredRequest request, String when) {
    }

    private Optional<Match> match(CloudTrailCall call) {
        Optional<String> permissionSet = IdentityCenterSession.permissionSetOf(call.roleName());
        if (permissionSet.isPresent() && permissionSet.get().startsWith(IdentityCenterGrants.NAME_PREFIX)) {
            return matchPermissionSet(call, permissionSet.get());
        }
        List<Match> found = new ArrayList<>();
        String cursor = null;
        int read = 0;
        do {
            Page<StoredRequest> page = store.byRequester(call.sessionArn(), Optional.empty(), PAGE, cursor);
            for (StoredRequest r : page.items()) {
                where(r, call).ifPresent(when -> found.add(new Match(r, when)));
            }
            read += page.items().size();
            cursor = page.nextCursor();
        } while (cursor != null && read < MAX_CANDIDATES);
        // Overlapping grants of one session: the one whose actions name the call, then the one in its window, then
        // the latest to start.
        return found.stream().max(Comparator
                .comparing((Match m) -> m.request().request().actions().contains(call.action()))
                .thenComparing(m -> IN_WINDOW.equals(m.when()))
                .thenComparing(m -> m.request().window().notBefore()));
    }

    /**
     * The request whose permission set {@code permissionSetName} ({@code jita-<id>}) is: its id is read from the name
     * alone, and the request must say the same of itself.
     */
    private Optional<Match> matchPermissionSet(CloudTrailCall call, String permissionSetName) {
        Optional<String> requestId = IdentityCenterGrants.requestIdOf(permissionSetName)
                .filter(RequestIds::isWellFormed);
        if (requestId.isEmpty() || !providedByIdentityCenter(call)) {
            return Optional.empty();
        }
        return store.find(requestId.get())
                .filter(r -> permissionSetName.equals(r.grant().get(StoredRequest.GRANT_POLICY_NAME)))
                .filter(r -> r.grant().containsKey(IdentityCenterGrants.GRANT_PERMISSION_SET_ARN))
                .filter(r -> r.request().requester().identityCenter()
                        .map(IdentityCenterSession::userName)
                        .filter(call.sessionName()::equals)
                        .isPresent())
                .filter(r -> r.request().requester().accountId().equals(call.account()))
                .flatMap(r -> inWindow(r, call).map(when -> new Match(r, when)));
    }

    /**
     * Whether the session's role is the one Identity Center provisioned in the call's account: its path is
     * Identity Center's (a role of that name elsewhere is someone's look-alike).
     */
    private static boolean providedByIdentityCenter(CloudTrailCall call) {
        String roleArn = call.roleArn();
        if (roleArn == null) {
            return false;
        }
        String partition = call.sessionArn().split(":", 3)[1];
        String prefix = "arn:" + partition + ":iam::" + call.account() + ":role"
                + EligibleRoles.IDENTITY_CENTER_PATH;
        if (!roleArn.startsWith(prefix) || !roleArn.endsWith("/" + call.roleName())) {
            return false;
        }
        // What lies between is nothing or one region segment.
        String between = roleArn.substring(prefix.length(), roleArn.length() - call.roleName().length());
        return between.isEmpty() || between.matches("[a-z0-9-]{1,32}/");
    }

    private Optional<String> where(StoredRequest r, CloudTrailCall call) {
        var requester = r.request().requester();
        if (r.grant().containsKey(IdentityCenterGrants.GRANT_PERMISSION_SET_ARN)
                || !requester.accountId().equals(call.account())
                || !requester.userId().equals(call.principalId())) {
            return Optional.empty();
        }
        return inWindow(r, call);
    }

    private Optional<String> inWindow(StoredRequest r, CloudTrailCall call) {
        GrantWindow window = r.window();
        if (window == null || r.grant().isEmpty()) {
            return Optional.empty();
        }
        Instant t = call.eventTime();
        if (!t.isBefore(window.notBefore()) && t.isBefore(window.notAfter())) {
            return Optional.of(IN_WINDOW);
        }
        if (call.denied() && !t.isBefore(window.notAfter()) && t.isBefore(window.notAfter().plus(grace))) {
            return Optional.of(AFTER_WINDOW);
        }
        return Optional.empty();
    }
}
