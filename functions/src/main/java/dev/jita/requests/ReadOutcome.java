package dev.jita.requests;

import java.util.Objects;

/**
 * What a read ({@link RequestReads}, {@link AuditReads}) came to: the value asked for, or why not. Each read names
 * the cases it can come to; {@link EngineerRoutes} answers them all in one place.
 *
 * @param <T> what was read
 */
public sealed interface ReadOutcome<T> {

    /** One method per case, so that the compiler checks every case is answered (Java 17 has no type switch). */
    interface Cases<T, R> {
        R found(Found<T> found);

        R notFound(NotFound<T> notFound);

        R notAuditor(NotAuditor<T> notAuditor);

        R invalid(Invalid<T> invalid);
    }

    <R> R match(Cases<T, R> cases);

    /** 200. */
    record Found<T>(T value) implements ReadOutcome<T> {
        public Found {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public <R> R match(Cases<T, R> cases) {
            return cases.found(this);
        }
    }

    /** 404: no such request, or none the caller may see: the same answer, so ids cannot be probed. */
    record NotFound<T>(String requestId) implements ReadOutcome<T> {
        @Override
        public <R> R match(Cases<T, R> cases) {
            return cases.notFound(this);
        }
    }

    /** 403: the audit trail is for auditors and admins only. */
    record NotAuditor<T>() implements ReadOutcome<T> {
        @Override
        public <R> R match(Cases<T, R> cases) {
            return cases.notAuditor(this);
        }
    }

    /**
     * 400: the query was malformed (a bad status, limit, cursor, time range or request id).
     *
     * @param reason the code clients switch on, e.g. {@code invalid-cursor}
     * @param detail one sentence: what was wrong and what to do
     */
    record Invalid<T>(String reason, String detail) implements ReadOutcome<T> {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public <R> R match(Cases<T, R> cases) {
            return cases.invalid(this);
        }
    }
}
