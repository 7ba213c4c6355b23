package dev.jita.requests;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /requests} after strict parsing ({@link RequestBody}): well-typed and bounded, not yet
 * judged against the rules. It names no requester: that comes from the authenticated context alone.
 *
 * @param ticket  optional
 * @param startAt optional, millisecond precision
 * @param ruleId  optional: the rule the requester picks
 */
public record NewRequest(List<String> actions, List<String> resources, int durationMinutes, String justification,
                         String ticket, Instant startAt, String ruleId) {
    public NewRequest {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        Objects.requireNonNull(justification, "justification");
    }
}
