package dev.jita.grants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.audit.ActorKind;
import dev.jita.audit.Origin;
import dev.jita.domain.Status;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The revoke function's second kind of input, beside the workflow's {@code {requestId, outcome, error?}}: a revoke-now
 * handed over by intake or the incident function for a request in another account (events/revoke/revoke-now.json):
 * <pre>{"requestId": "r-...", "revokeNow": {"actor": "...", "actorKind": "REQUESTER", "reason": null,
 *  "sourceIp": "...", "userAgent": "..."}}</pre>
 * and its answer {@code {"requestId", "status", "notRevocable"}}. Both sides read and write it here, so the caller
 * ({@link AccountRoutedRevocations}, {@link LambdaRevoker}) and the handler cannot disagree on a field.
 *
 * @param reason person-readable, e.g. "incident resolved"; null for none
 */
public record RevokeNowCall(String requestId, String actor, ActorKind actorKind, Origin origin, String reason) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The field that tells this input from the workflow's. */
    public static final String FIELD = "revokeNow";
    private static final Set<String> TOP = Set.of("requestId", FIELD);
    private static final Set<String> INNER = Set.of("actor", "actorKind", "reason", "sourceIp", "userAgent");

    public RevokeNowCall {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(actorKind, "actorKind");
        origin = origin == null ? Origin.NONE : origin;
    }

    /** Whether the revoke function's input is a revoke-now rather than one of the workflow's tasks. */
    public static boolean isRevokeNow(JsonNode input) {
        return input != null && input.has(FIELD);
    }

    /** The payload the revoke function is invoked with. */
    public ObjectNode toJson() {
        ObjectNode out = JSON.createObjectNode().put("requestId", requestId);
        ObjectNode inner = out.putObject(FIELD).put("actor", actor).put("actorKind", actorKind.name());
        inner.put("reason", reason);
        inner.put("sourceIp", origin.sourceIp());
        inner.put("userAgent", origin.userAgent());
        return out;
    }

    /**
     * Reads a revoke-now input.
     *
     * @throws IllegalArgumentException naming what is missing, unknown or malformed: a caller out of step with this
     *                                  class, never something to guess around
     */
    public static RevokeNowCall from(JsonNode input) {
        requireOnly(input, TOP, "the revoke-now input");
        JsonNode inner = input.path(FIELD);
        if (!inner.isObject()) {
            throw new IllegalArgumentException("the revoke-now input's '" + FIELD + "' must be an object");
        }
        requireOnly(inner, INNER, "'" + FIELD + "'");
        String requestId = text(input, "requestId", true);
        String kind = text(inner, "actorKind", true);
        ActorKind actorKind;
        try {
            actorKind = ActorKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("revokeNow.actorKind must name an ActorKind; got '" + kind + "'", e);
        }
        return new RevokeNowCall(requestId, text(inner, "actor", true), actorKind,
                new Origin(text(inner, "sourceIp", false), text(inner, "userAgent", false)),
                text(inner, "reason", false));
    }

    /**
     * The revoke function's answer: the request's status afterwards (REVOKED, or the status it had already ended in),
     * or, with {@code notRevocable}, the pending status that has no grant to revoke yet.
     */
    public record Answer(String requestId, Status status, boolean notRevocable) {
        public Answer {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(status, "status");
        }

        public ObjectNode toJson() {
            ObjectNode out = JSON.createObjectNode().put("requestId", requestId).put("status", status.name());
            if (notRevocable) {
                out.put("notRevocable", true);
            }
            return out;
        }

        /** @throws IllegalArgumentException when the answer is not one the revoke function gives */
        public static Answer from(JsonNode answer) {
            if (answer == null || !answer.isObject()) {
                throw new IllegalArgumentException("the revoke function's answer is not a JSON object");
            }
            String status = text(answer, "status", true);
            try {
                return new Answer(text(answer, "requestId", true), Status.valueOf(status),
                        answer.path("notRevocable").asBoolean(false));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the revoke function answered an unknown status '" + status + "'",
                        e);
            }
        }
    }

    private static void requireOnly(JsonNode node, Set<String> allowed, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(what + " has an unknown field '" + name + "'; allowed: "
                        + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("'" + field + "' is missing");
            }
            return null;
        }
        if (!value.isTextual() || (required && value.asText().isBlank())) {
            throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
        }
        return value.asText();
    }
}
