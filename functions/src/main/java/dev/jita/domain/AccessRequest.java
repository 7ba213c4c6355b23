package dev.jita.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an engineer asked for: these actions on these resources, for this long, for this reason.
 * Immutable; the status and approvals live beside it in the store.
 *
 * @param startAt optional earliest start; the window opens at max(approval, startAt)
 * @param ticket  optional ticket reference
 */
public record AccessRequest(
        String requestId,
        Requester requester,
        List<String> actions,
        List<String> resources,
        Duration duration,
        String justification,
        String ticket,
        Instant startAt,
        String ruleId,
        Instant createdAt) {

    public AccessRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(requester, "requester");
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(justification, "justification");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
