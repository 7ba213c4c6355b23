package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.jita.app.AwsClients;
import dev.jita.app.JitaConfig;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.app.PowertoolsMetrics;
import dev.jita.domain.RuleBook;
import dev.jita.iam.AwsIamGateway;
import dev.jita.iam.IamGateway;
import dev.jita.grants.RevokeService;
import dev.jita.rules.RulesFile;
import dev.jita.store.RequestStore;
import dev.jita.store.StoreConfig;
import dev.jita.sweeper.SweepReport;
import dev.jita.sweeper.Sweeper;
import dev.jita.sweeper.SweeperConfig;
import dev.jita.workflow.SfnWorkflow;
import dev.jita.workflow.Workflow;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the sweeper on a schedule (an EventBridge scheduled event; its content is not read). A sweep's partial
 * failures are reported in the answer and the log, not thrown: the next scheduled run retries them anyway.
 */
public final class SweeperFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final Sweeper sweeper;
    private final Metrics metrics;

    /** Lambda's constructor: clients built once per container, configuration from the environment. */
    public SweeperFunction() {
        this(JitaConfig.fromEnvironment(System.getenv()), Clock.systemUTC());
    }

    private SweeperFunction(JitaConfig config, Clock clock) {
        this(new RequestStore(AwsClients.dynamoDb(), new StoreConfig(config.requestsTable(), config.auditTable()),
                        clock),
                new AwsIamGateway(AwsClients.iam()),
                new SfnWorkflow(AwsClients.sfn(), config.stateMachineArn().orElseThrow(() -> new IllegalStateException(
                        "environment variable JITA_STATE_MACHINE_ARN is not set; the sweeper looks after the"
                                + " workflow's executions and needs it"))),
                constant(RulesFile.load(config.rulesFile())), SweeperConfig.fromEnvironment(System.getenv()),
                new PowertoolsMetrics("sweeper"), clock);
    }

    /** For jita local and tests: the same function on other collaborators. */
    public SweeperFunction(RequestStore store, IamGateway iam, Workflow workflow, Supplier<RuleBook> rules,
                           SweeperConfig config, Metrics metrics, Clock clock) {
        this.sweeper = new Sweeper(store, iam, new RevokeService(store, iam, metrics), workflow, rules, metrics,
                config, clock);
        this.metrics = metrics;
    }

    private static Supplier<RuleBook> constant(RuleBook rules) {
        return () -> rules;
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
