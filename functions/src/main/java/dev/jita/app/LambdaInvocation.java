package dev.jita.app;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * What every handler does around its one operation, with Powertools' programmatic API (no AspectJ here): the
 * Lambda context's fields and the request id as correlation id on every log line of the invocation, and the
 * invocation's metrics flushed at its end. The correlation id is a request id, never a token.
 */
public final class LambdaInvocation {
    /** The field Powertools' JSON layout prints as {@code correlation_id}. */
    static final String CORRELATION_ID = "correlation_id";

    private LambdaInvocation() {
    }

    /**
     * @param context       the Lambda context; null where there is none (a test calling the handler bare)
     * @param correlationId the request id the invocation is about, or null when it is not known yet
     */
    public static <T> T run(Context context, String correlationId, Metrics metrics, Supplier<T> operation) {
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        if (correlationId != null) {
            MDC.put(CORRELATION_ID, correlationId);
        }
        try {
            return operation.get();
        } finally {
            if (metrics instanceof PowertoolsMetrics emf) {
                emf.flush();
            }
            MDC.remove(CORRELATION_ID);
            if (context != null) {
                PowertoolsLogging.clearState(true);
            }
        }
    }
}
