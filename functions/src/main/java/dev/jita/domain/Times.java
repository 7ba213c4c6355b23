package dev.jita.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * How the store writes instants: UTC, millisecond precision, always the same width, so that stored strings
 * sort as the instants do (sort keys depend on it; {@link Instant#toString} drops zero millis and would not).
 */
public final class Times {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String iso(Instant instant) {
        return ISO_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    public static Instant parse(String iso) {
        return Instant.parse(iso);
    }

    /** The UTC day, yyyy-MM-dd, of an instant. */
    public static String day(Instant instant) {
        return DAY.format(instant);
    }
}
