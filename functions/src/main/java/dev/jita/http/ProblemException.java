package dev.jita.http;

import java.util.Map;
import java.util.Objects;

/**
 * A refusal that reaches the caller as {@code application/problem+json}: thrown where the reason is known, turned
 * into the answer by {@link Router}. Its message is the problem's detail, safe to show and to log.
 */
public final class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    /** @param headers extra answer headers, e.g. {@code Allow} on 405 or {@code Retry-After} on 429 */
    public ProblemException(Problem problem, Map<String, String> headers) {
        super(Objects.requireNonNull(problem, "problem").detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException badRequest(String reason, String detail) {
        return new ProblemException(Problem.badRequest(reason, detail));
    }

    public static ProblemException forbidden(String reason, String detail) {
        return new ProblemException(Problem.forbidden(reason, detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.notFound(detail));
    }

    public static ProblemException conflict(String reason, String detail) {
        return new ProblemException(Problem.conflict(reason, detail));
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
