package dev.jita.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.domain.Severity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the fields of incident events, with one way of saying what is missing. */
final class EventFields {

    private static final Pattern SEV = Pattern.compile("(?:SEV|P)\\s*-?\\s*([1-5])", Pattern.CASE_INSENSITIVE);
    /** An incident id, event id or responder id longer than this is not what any tool sends. */
    private static final int MAX_ID = 256;

    private EventFields() {
    }

    static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IncidentEventException(where + "." + field + " is missing or not a string; the event was not"
                    + " acted on");
        }
        return bounded(value.asText(), where + "." + field);
    }

    static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank()
                ? Optional.of(value.asText()) : Optional.empty();
    }

    static String bounded(String text, String where) {
        if (text.length() > MAX_ID) {
            throw new IncidentEventException(where + " is longer than " + MAX_ID + " characters; the event was not"
                    + " acted on");
        }
        return text;
    }

    /** An ISO-8601 instant with any offset, or epoch milliseconds (Opsgenie's createdAt/updatedAt). */
    static Instant instant(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value != null && value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        String text = text(node, field, where);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IncidentEventException(where + "." + field + " '" + text + "' is not an ISO-8601 time like"
                    + " 2026-03-02T09:00:00Z; the event was not acted on");
        }
    }

    /**
     * "SEV1".."SEV5", "P1".."P5" (and spellings like "sev-2", "P 3") as that severity; common names otherwise.
     * Empty for anything else: the caller decides what an unknown severity means.
     */
    static Optional<Severity> severity(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SEV.matcher(text.trim());
        if (m.matches()) {
            return Severity.parse("SEV" + m.group(1));
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "critical" -> Optional.of(Severity.SEV1);
            case "major", "high" -> Optional.of(Severity.SEV2);
            case "minor", "moderate", "medium" -> Optional.of(Severity.SEV3);
            case "low" -> Optional.of(Severity.SEV4);
            case "info", "informational" -> Optional.of(Severity.SEV5);
            default -> Optional.empty();
        };
    }
}
