package dev.jita.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What eligibility is asked about: an incoming request before it is stored.
 *
 * @param startAt optional earliest start, null to start on approval
 * @param ruleId  optional: the rule the requester chose; null to let eligibility find one
 */
public record EligibilityRequest(
        Requester requester,
        List<String> actions,
        List<String> resources,
        Duration duration,
        Instant startAt,
        String ruleId) {

    public EligibilityRequest {
        Objects.requireNonNull(requester, "requester");
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        Objects.requireNonNull(duration, "duration");
    }

    public static EligibilityRequest of(AccessRequest request) {
        return new EligibilityRequest(request.requester(), request.actions(), request.resources(),
                request.duration(), request.startAt(), request.ruleId());
    }
}
