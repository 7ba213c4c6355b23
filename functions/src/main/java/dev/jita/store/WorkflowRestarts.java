package dev.jita.store;

import java.time.Instant;

/**
 * The sweeper's restarts of a request's workflow (kept on the request, apart from what the API reads).
 *
 * @param count  how many times the sweeper started it again; 0 when never
 * @param lastAt when it last did; null when never
 */
public record WorkflowRestarts(int count, Instant lastAt) {
    public static final WorkflowRestarts NONE = new WorkflowRestarts(0, null);

    public WorkflowRestarts {
        if (count < 0 || (count == 0) != (lastAt == null)) {
            throw new IllegalArgumentException("a restart count and its time go together; got " + count + " at "
                    + lastAt);
        }
    }
}
