package dev.jita.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.domain.Rule;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads the durations a rule or the defaults set: how long a grant may last, how long approvers have. */
final class Durations {
    /** Approval links older than a week are stale: the reason for the request has likely passed. */
    static final Duration MAX_APPROVAL_TIMEOUT = Duration.ofDays(7);
    /** Requests are made in whole minutes (durationMinutes), so shorter limits could never be met. */
    static final Duration MIN_DURATION = Duration.ofMinutes(1);

    private final Fields fields;

    Durations(Fields fields) {
        this.fields = fields;
    }

    Optional<Duration> grantDuration(JsonNode node, String where, String field) {
        return duration(node, where, field).filter(d -> {
            if (d.compareTo(Rule.MAX_GRANT) > 0) {
                fields.error(where, field, "'" + node.asText() + "' is longer than PT12H: an IAM role session "
                        + "lasts at most 12 hours, so a longer grant only outlives its credentials; shorten it");
                return false;
            }
            return true;
        });
    }

    Optional<Duration> approvalTimeout(JsonNode node, String where, String field) {
        return duration(node, where, field).filter(d -> {
            if (d.compareTo(MAX_APPROVAL_TIMEOUT) > 0) {
                fields.error(where, field, "'" + node.asText() + "' is longer than P7D; a request nobody "
                        + "decided on within a week is stale, so shorten it");
                return false;
            }
            return true;
        });
    }

    private Optional<Duration> duration(JsonNode node, String where, String field) {
        if (node == null) {
            return Optional.empty();
        }
        String notADuration = "'" + node.asText() + "' is not an ISO-8601 duration; write it like PT1H or PT30M";
        if (!node.isTextual()) {
            fields.error(where, field, notADuration);
            return Optional.empty();
        }
        Duration d;
        try {
            d = Duration.parse(node.asText());
        } catch (DateTimeParseException e) {
            fields.error(where, field, notADuration);
            return Optional.empty();
        }
        if (d.isNegative() || d.isZero()) {
            fields.error(where, field, "'" + node.asText() + "' must be longer than zero; write it like PT1H or PT30M");
            return Optional.empty();
        }
        if (d.compareTo(MIN_DURATION) < 0) {
            fields.error(where, field, "'" + node.asText() + "' is shorter than a minute, the smallest unit a "
                    + "request can ask for; use PT1M or more");
            return Optional.empty();
        }
        return Optional.of(d);
    }
}
