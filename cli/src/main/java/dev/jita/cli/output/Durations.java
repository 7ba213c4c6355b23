package dev.jita.cli.output;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them ({@code 30m}, {@code 1h30m}, {@code 90s}, {@code PT30M}) and read them. */
public final class Durations {
    private static final Pattern HUMAN = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Durations() {
    }

    /** @throws IllegalArgumentException with a sentence saying what is accepted */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw bad(text);
            }
        }
        if (t.matches("\\d+")) {
            return Duration.ofMinutes(Long.parseLong(t));
        }
        Matcher m = HUMAN.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw bad(text);
        }
        Duration d = Duration.ZERO;
        d = d.plusDays(m.group(1) == null ? 0 : Long.parseLong(m.group(1)));
        d = d.plusHours(m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
        d = d.plusMinutes(m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
        return d.plusSeconds(m.group(4) == null ? 0 : Long.parseLong(m.group(4)));
    }

    /** {@code 1h 5m}, {@code 4m 10s}, {@code 12s}: the two largest units. */
    public static String format(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (h > 0) {
            return h + "h " + m + "m";
        }
        if (m > 0) {
            return m + "m " + sec + "s";
        }
        return sec + "s";
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration; write it like 30m, 1h, 1h30m or"
                + " PT30M.");
    }
}
