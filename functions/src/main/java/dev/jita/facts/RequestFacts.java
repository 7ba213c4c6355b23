package dev.jita.facts;

import dev.jita.domain.AccessRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an approver needs to know about a request, shown the same way on the confirm page and in every message.
 * Nothing secret: no task token, no link, no key.
 *
 * @param approvalsSoFar   approvals recorded before this moment
 * @param approvalsRequired approvals the rule needs (N of N-of-M)
 */
public record RequestFacts(
        String requestId,
        String requesterArn,
        List<String> actions,
        List<String> resources,
        Duration duration,
        String justification,
        Optional<String> ticket,
        Optional<Instant> startAt,
        String ruleId,
        int approvalsSoFar,
        int approvalsRequired) {

    public RequestFacts {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(requesterArn, "requesterArn");
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(justification, "justification");
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(startAt, "startAt");
        Objects.requireNonNull(ruleId, "ruleId");
        if (approvalsRequired < 1 || approvalsSoFar < 0) {
            throw new IllegalArgumentException("Approvals must be at least 1 required and none negative, were "
                    + approvalsSoFar + " of " + approvalsRequired + ".");
        }
    }

    public static RequestFacts of(AccessRequest request, int approvalsSoFar, int approvalsRequired) {
        return new RequestFacts(request.requestId(), request.requester().arn(), request.actions(), request.resources(),
                request.duration(), request.justification(),
                Optional.ofNullable(request.ticket()).filter(t -> !t.isBlank()), Optional.ofNullable(request.startAt()),
                request.ruleId(), approvalsSoFar, approvalsRequired);
    }

    /** {@code 1 of 2}. */
    public String approvalsText() {
        return approvalsSoFar + " of " + approvalsRequired;
    }

    /** The facts in the order a person reads them; labels and wording live here only. */
    public List<Fact> facts() {
        List<Fact> facts = new ArrayList<>();
        facts.add(Fact.of("Requested by", Fact.Style.CODE, requesterArn));
        facts.add(new Fact(actions.size() == 1 ? "Action" : "Actions", actions, Fact.Style.CODE));
        facts.add(new Fact(resources.size() == 1 ? "Resource" : "Resources", resources, Fact.Style.CODE));
        facts.add(Fact.of("For", Fact.Style.TEXT, Display.duration(duration)
                + startAt.map(s -> ", not before " + Display.instant(s)).orElse(", from approval")));
        facts.add(Fact.of("Why", Fact.Style.PROSE, justification));
        ticket.ifPresent(t -> facts.add(Fact.of("Ticket", Fact.Style.PROSE, t)));
        facts.add(Fact.of("Approvals", Fact.Style.TEXT, approvalsText()));
        facts.add(Fact.of("Rule", Fact.Style.CODE, ruleId));
        facts.add(Fact.of("Request", Fact.Style.CODE, requestId));
        return List.copyOf(facts);
    }
}
