package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.sweeper.SweepReport;
import dev.jita.sweeper.Sweeper;
import dev.jita.wiring.JitaServices;
import dev.jita.wiring.LambdaServices;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the sweeper on a schedule (an EventBridge scheduled event; its content is not read). A sweep's partial
 * failures are reported in the answer and the log, not thrown: the next scheduled run retries them anyway.
 */
public final class SweeperFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final Sweeper sweeper;
    private final Metrics metrics;

    /** Lambda's constructor: the services built once per container from the environment. */
    public SweeperFunction() {
        this(LambdaServices.forFunction("sweeper"));
    }

    /** On any composition root: jita local's, a test's, priming's. */
    public SweeperFunction(JitaServices services) {
        this.sweeper = services.sweeper();
        this.metrics = services.metrics();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return LambdaInvocation.run(context, null, metrics, () -> {
            SweepReport report = sweeper.sweep();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("removed", report.removed());
            out.put("retried", report.retried());
            out.put("stuck", report.stuck());
            out.put("ended", report.ended());
            out.put("restarted", report.restarted());
            out.put("failures", report.failures());
            return out;
        });
    }
}
