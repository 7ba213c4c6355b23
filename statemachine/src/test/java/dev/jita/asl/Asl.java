package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;

/** Helpers for the engine's unit tests: JSON from text with single quotes, a fixed start instant. */
final class Asl {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Asl() {
    }

    /** JSON text written with ' for " (ASL in Java strings stays readable). */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static JsonNode node(String singleQuoted) {
        try {
            return MAPPER.readTree(json(singleQuoted));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<HistoryEventType> types(List<HistoryEvent> history) {
        return history.stream().map(HistoryEvent::type).toList();
    }

    /** Polls {@code condition} every few milliseconds for up to 10 s (real-time tests only). */
    static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static String fn(String name) {
        return "arn:aws:lambda:us-east-1:123456789012:function:" + name;
    }
}
