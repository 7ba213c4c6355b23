package dev.jita.approvals;

import dev.jita.audit.AuditEvents;
import dev.jita.domain.Approver;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Rule;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.facts.RequestFacts;
import dev.jita.links.LinkTokens;
import dev.jita.links.SignedLink;
import dev.jita.notifications.Message;
import dev.jita.notifications.Notification;
import dev.jita.notifications.NotificationException;
import dev.jita.notifications.Notifier;
import dev.jita.notifications.Recipient;
import dev.jita.store.ConflictException;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.workflow.TaskGoneException;
import dev.jita.workflow.Workflow;
import dev.jita.workflow.WorkflowErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AwaitApproval task: keeps the workflow's task token on the request and sends each eligible approver a link
 * of their own. Runs twice on the same input with one effect: the token is stored together with the NOTIFIED
 * entry after the links went out, so a stored token means the approvers were told, and a run that finds its own
 * token does nothing; a run with a new token (the workflow retried the task) only replaces the token, since the
 * links already sent do not depend on it.
 */
public final class NotifyApprovers {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyApprovers.class);
    private static final int ATTEMPTS = 5;

    /** What a run did. */
    public sealed interface Result {
        String requestId();
    }

    /** Links went out to {@code approvers}; {@code unreached} could not be told. */
    public record Notified(String requestId, List<String> approvers, List<String> unreached) implements Result {
        public Notified {
            approvers = List.copyOf(approvers);
            unreached = List.copyOf(unreached);
        }
    }

    /** This very task token is on record already: a repeated run, nothing done. */
    public record AlreadyNotified(String requestId) implements Result {
    }

    /** A new task token replaced the stored one; no link went out again. */
    public record WaitRenewed(String requestId) implements Result {
    }

    /** The request no longer waits for approvers (e.g. cancelled before its links went out); nothing sent. */
    public record NotPending(String requestId, Status status) implements Result {
    }

    private final RequestStore store;
    private final Supplier<RuleBook> rules;
    private final LinkTokens links;
    private final Notifier notifier;
    private final Workflow workflow;
    private final ApprovalsConfig config;

    /** @param rules the rules as they are now; read on every run */
    public NotifyApprovers(RequestStore store, Supplier<RuleBook> rules, LinkTokens links, Notifier notifier,
                           Workflow workflow, ApprovalsConfig config) {
        this.store = Objects.requireNonNull(store, "store");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.links = Objects.requireNonNull(links, "links");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.workflow = Objects.requireNonNull(workflow, "workflow");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * @throws NotifyFailedException when the request can never be approved because too few approvers were told
     */
    public Result notify(String requestId, String taskToken) {
        if (requestId == null || requestId.isBlank() || taskToken == null || taskToken.isBlank()) {
            throw new IllegalArgumentException("the notify task needs a requestId and a taskToken; check the"
                    + " AwaitApproval Parameters of approval.asl.json");
        }
        StoredRequest current = store.get(requestId);
        if (current.status() != Status.PENDING_APPROVAL) {
            return notPending(current, taskToken);
        }
        Optional<String> stored = store.taskToken(requestId);
        if (stored.isPresent() && stored.get().equals(taskToken)) {
            LOG.info("request {}: approvers already notified for this task, nothing to do", requestId);
            return new AlreadyNotified(requestId);
        }
        if (stored.isPresent()) {
            storeToken(current, taskToken, AuditEvents.renotified());
            LOG.info("request {}: new task token stored; the links sent before stay valid", requestId);
            return new WaitRenewed(requestId);
        }
        return sendLinks(current, taskToken);
    }

    private Result notPending(StoredRequest current, String taskToken) {
        if (current.status() == Status.CANCELLED) {
            // Cancelled before the token was on record: end the wait now rather than at the approval timeout.
            try {
                workflow.rejected(taskToken, WorkflowErrors.CANCELLED, "The requester cancelled the request.");
            } catch (TaskGoneException alreadyOver) {
                LOG.info("request {}: workflow no longer waits ({})", current.requestId(), alreadyOver.awsError());
            }
        }
        LOG.info("request {} is {}: no approver notified", current.requestId(), current.status());
        return new NotPending(current.requestId(), current.status());
    }

    private Result sendLinks(StoredRequest current, String taskToken) {
        String requestId = current.requestId();
        RuleBook book = rules.get();
        Rule rule = book.rule(current.request().ruleId()).orElse(null);
        if (rule == null) {
            throw failed(requestId, List.of(), List.of(), "rule-gone", "request " + requestId + " names rule "
                    + current.request().ruleId() + ", which the current rules no longer hold; nobody can approve it");
        }
        List<Approver> eligible = book.eligibleApprovers(rule, current.request().requester());
        int required = Math.max(1, rule.approvalsRequired());
        if (eligible.size() < required) {
            throw failed(requestId, List.of(), List.of(), "too-few-approvers", "rule " + rule.id() + " needs "
                    + required + " approvals but has " + eligible.size()
                    + " approvers other than the requester; add approvers to its group");
        }
        String requestHash = RequestHash.of(current.request());
        Duration ttl = config.linkLifetime(rule.approvalTimeout());
        RequestFacts facts = RequestFacts.of(current.request(), 0, required);
        List<String> sent = new ArrayList<>();
        List<String> unreached = new ArrayList<>();
        for (Approver approver : eligible) {
            try {
                SignedLink link = links.mint(requestId, approver.id(), requestHash, ttl);
                // Slack webhooks are looked up by approver id in the webhook secret.
                Recipient to = new Recipient(approver.id(), Optional.of(approver.email()), Optional.of(approver.id()));
                notifier.send(new Notification(to, facts,
                        new Message.DecisionNeeded(config.linkFor(link.token()), link.payload().expiresAt())));
                sent.add(approver.id());
            } catch (NotificationException | IllegalArgumentException e) {
                // NotificationException messages never hold a link; IllegalArgumentException names a bad address.
                LOG.warn("request {}: could not notify approver {}: {}", requestId, approver.id(), e.getMessage());
                unreached.add(approver.id());
            }
        }
        if (sent.size() < required) {
            throw failed(requestId, sent, unreached, "approvers-unreached", "only " + sent.size() + " of the "
                    + required + " approvers request " + requestId + " needs could be notified (unreached: "
                    + String.join(", ", unreached) + "); check their addresses and the notifier configuration");
        }
        storeToken(current, taskToken, AuditEvents.notified(sent, unreached));
        LOG.info("request {}: notified approvers {}", requestId, sent);
        return new Notified(requestId, sent, unreached);
    }

    /** The token and its audit entry in one version-guarded write, re-read when someone else changed the request. */
    private void storeToken(StoredRequest current, String taskToken, dev.jita.audit.AuditDraft entry) {
        StoredRequest at = current;
        for (int attempt = 1; ; attempt++) {
            try {
                store.apply(at, RequestUpdate.taskTokenOnly(taskToken), entry);
                return;
            } catch (ConflictException e) {
                if (e.reason() != ConflictException.Reason.STALE_VERSION || attempt >= ATTEMPTS) {
                    throw e;
                }
                at = store.get(current.requestId());
            }
        }
    }

    private NotifyFailedException failed(String requestId, List<String> sent, List<String> unreached,
                                         String reasonCode, String message) {
        store.appendEvent(requestId, AuditEvents.notifyFailed(sent, unreached, reasonCode));
        LOG.error("request {}: {}", requestId, message);
        return new NotifyFailedException(message);
    }
}
