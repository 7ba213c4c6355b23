package dev.jita.infra;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.MetricFilterOptions;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * The alarms, each on one failure a person must look at, all to one SNS topic (the configured one, else a new
 * topic under a key of its own): REVOKE_FAILED, the sweeper's ERROR lines, failed workflows, each function's errors,
 * each dead-letter queue's messages (the export's included: audit entries it gave up on) and the export's lag.
 */
final class Alarms {
    /** How far behind the audit table the export may be before someone is told. */
    static final java.time.Duration EXPORT_LAG = java.time.Duration.ofMinutes(15);

    private final Construct scope;
    private final ITopic topic;
    private final List<Alarm> alarms = new ArrayList<>();

    Alarms(Construct scope, JitaApprovalProps props, Functions functions, StateMachine stateMachine) {
        this.scope = scope;
        this.topic = props.alarmTopic().orElseGet(() -> createTopic(scope));
        declare(functions, stateMachine);
    }

    ITopic topic() {
        return topic;
    }

    List<Alarm> alarms() {
        return Collections.unmodifiableList(alarms);
    }

    private static ITopic createTopic(Construct scope) {
        // CloudWatch cannot publish to a topic under the AWS-managed SNS key, so the topic gets a key of its own.
        Key key = Key.Builder.create(scope, "AlarmTopicKey")
                .description("jita: encrypts the alarm topic")
                .enableKeyRotation(true)
                .build();
        key.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        return Topic.Builder.create(scope, "AlarmTopic")
                .displayName("jita alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
    }

    private void declare(Functions functions, StateMachine stateMachine) {
        MetricOptions fiveMinutes = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
        // Only the workflow's revoke records REVOKE_FAILED (RevokeService.close); the sweeper retries those and
        // never counts RevokeFailed itself, so its failures are watched through its log below.
        alarm("RevokeRevokeFailedAlarm", Metric.Builder.create()
                        .namespace(JitaApproval.METRICS_NAMESPACE).metricName("RevokeFailed")
                        .dimensionsMap(Map.of("Service", FunctionSpec.REVOKE.id()))
                        .period(Duration.minutes(5)).statistic("Sum").build(),
                "A grant could not be revoked (REVOKE_FAILED): its policy's time condition has ended it; remove"
                        + " the jita-* inline policy by hand if the sweeper does not.");
        LogGroup sweeperLog = functions.logs().get(FunctionSpec.SWEEPER.id());
        if (sweeperLog != null) {
            // The sweeper reports what it could not do (IAM denied or throttled, a revoke that failed again) as
            // ERROR lines and returns normally, so Lambda's Errors metric never sees it.
            MetricFilter failures = sweeperLog.addMetricFilter("SweeperFailures", MetricFilterOptions.builder()
                    .filterPattern(FilterPattern.stringValue("$.level", "=", "ERROR"))
                    .metricNamespace(JitaApproval.METRICS_NAMESPACE)
                    .metricName(JitaApproval.SWEEPER_FAILURES_METRIC)
                    .metricValue("1")
                    .defaultValue(0)
                    .build());
            alarm("SweeperFailuresAlarm", failures.metric(fiveMinutes),
                    "The sweeper could not finish part of its work (its log says what, e.g. IAM access denied or a"
                            + " revoke that failed again); fix the cause, the next run tries again.");
        }
        alarm("WorkflowFailedAlarm", stateMachine.metricFailed(fiveMinutes),
                "An approval workflow failed (grant failed, notify failed or revoke failed): read its execution history.");
        functions.functions().forEach((id, fn) -> alarm(Functions.capitalized(id) + "ErrorsAlarm",
                fn.metricErrors(fiveMinutes), "The jita " + id + " function failed: read its log group."));
        Function export = functions.functions().get(FunctionSpec.EXPORT.id());
        if (export != null) {
            // Records waiting in the stream: the export is behind (throttled, or retrying a failing batch).
            alarm("ExportIteratorAgeAlarm", export.metric("IteratorAge", MetricOptions.builder()
                            .period(Duration.minutes(5)).statistic("Maximum").build()),
                    EXPORT_LAG.toMillis(), "Audit entries have waited more than " + EXPORT_LAG.toMinutes()
                            + " minutes to reach the export bucket: read the export function's log.");
        }
        functions.deadLetterQueues().forEach((id, queue) -> alarm(Functions.capitalized(id) + "DeadLettersAlarm",
                queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Maximum").build()),
                "Events for the jita " + id + " function were given up on: read the messages in its dead-letter queue."));
    }

    private void alarm(String id, IMetric metric, String description) {
        alarm(id, metric, 1, description);
    }

    private void alarm(String id, IMetric metric, double threshold, String description) {
        Alarm alarm = Alarm.Builder.create(scope, id)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarms.add(alarm);
    }
}
