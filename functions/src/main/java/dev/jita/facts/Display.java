package dev.jita.facts;

import dev.jita.domain.Status;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How durations and instants read for a person, in pages and messages alike. */
public final class Display {

    // UTC, labelled: jita does not know the reader's zone, and a wrong local time is worse than an explicit UTC.
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Display() {
    }

    /** {@code 1 h 30 min}, {@code 45 min}, {@code 2 h}, {@code 30 s}. */
    public static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        long hours = seconds / 3600;
        long minutes = (seconds % 3600) / 60;
        if (hours == 0) {
            return minutes + " min";
        }
        return minutes == 0 ? hours + " h" : hours + " h " + minutes + " min";
    }

    /** {@code 2026-11-23 10:30 UTC}. */
    public static String instant(Instant instant) {
        return INSTANT.format(instant);
    }

    /** {@code pending approval}, {@code timed out}, ... */
    public static String status(Status status) {
        return status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
