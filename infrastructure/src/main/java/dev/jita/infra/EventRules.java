package dev.jita.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.CfnEventBusPolicy;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Match;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.constructs.Construct;

/**
 * The EventBridge rules: one per incident source to the incident alias, and the sweeper's schedule; both deliver
 * to their function's dead-letter queue what they give up on.
 */
final class EventRules {
    private EventRules() {
    }

    static void declare(Construct scope, JitaApprovalProps props, Functions functions) {
        if (props.incidents().enabled()) {
            incidentRules(scope, props.incidents(), functions);
        }
        props.sweeper().ifPresent(schedule -> sweeperSchedule(scope, schedule, functions));
        if (!props.targetAccounts().isEmpty()) {
            activity(scope, props.targetAccounts(), functions);
        }
    }

    /**
     * The CloudTrail API calls the target accounts' {@link JitaTarget} rules forward to this account's default bus:
     * a bus policy lets exactly those accounts put events there, and a rule sends their assumed-role sessions' calls
     * (nothing else they might put) to the activity function.
     */
    private static void activity(Construct scope, List<String> targetAccounts, Functions functions) {
        for (String account : targetAccounts) {
            CfnEventBusPolicy.Builder.create(scope, "ActivityBusPolicy" + account)
                    .eventBusName("default")
                    .statementId("jita-activity-" + account)
                    .statement(Map.of("Sid", "jita-activity-" + account, "Effect", "Allow",
                            "Principal", Map.of("AWS", "arn:" + Aws.PARTITION + ":iam::" + account + ":root"),
                            "Action", "events:PutEvents",
                            "Resource", "arn:" + Aws.PARTITION + ":events:" + Aws.REGION + ":" + Aws.ACCOUNT_ID
                                    + ":event-bus/default"))
                    .build();
        }
        Rule.Builder.create(scope, "ActivityRule")
                .description("jita: CloudTrail API calls of the target accounts' sessions to the activity function")
                .eventPattern(EventPattern.builder()
                        .source(Match.prefix("aws."))
                        .detailType(List.of(JitaTarget.CLOUDTRAIL_DETAIL_TYPE))
                        .account(targetAccounts)
                        .detail(Map.of("userIdentity", Map.of("type", List.of("AssumedRole"))))
                        .build())
                .targets(List.of(target(functions, FunctionSpec.ACTIVITY, java.time.Duration.ofHours(24), 185)))
                .build();
    }

    private static void incidentRules(Construct scope, Incidents incidents, Functions functions) {
        for (IncidentSource source : incidents.sources()) {
            IEventBus bus = source.eventBusName()
                    .map(name -> EventBus.fromEventBusName(scope, source.name() + "Bus", name))
                    .orElse(null);
            Rule.Builder.create(scope, source.name() + "IncidentRule")
                    .description("jita: " + source.name() + " incident events to the incident function")
                    .eventBus(bus)
                    .eventPattern(EventPattern.builder().source(source.sourcePattern()).build())
                    // EventBridge's own retries cover failures to invoke; past the function's age limit an event
                    // would only be refused, so it goes to the dead-letter queue (and its alarm) instead.
                    .targets(List.of(target(functions, FunctionSpec.INCIDENT, incidents.effectiveMaxEventAge(), 185)))
                    .build();
        }
    }

    private static void sweeperSchedule(Construct scope, SweeperSchedule schedule, Functions functions) {
        Rule.Builder.create(scope, "SweeperSchedule")
                .description("jita: the sweeper retries failed revokes and removes orphaned jita-* policies")
                .schedule(Schedule.rate(Duration.minutes(schedule.interval().toMinutes())))
                // A run delivered later than the next one is pointless: the next one does the same work.
                .targets(List.of(target(functions, FunctionSpec.SWEEPER, schedule.interval(), 2)))
                .build();
    }

    /** The function's alias; what EventBridge gives up on (retries or age spent) goes to its dead-letter queue. */
    private static LambdaFunction target(Functions functions, FunctionSpec spec, java.time.Duration maxEventAge,
                                         int retryAttempts) {
        return LambdaFunction.Builder.create(functions.alias(spec))
                .deadLetterQueue(functions.deadLetterQueues().get(spec.id()))
                .maxEventAge(Functions.clamp(maxEventAge, java.time.Duration.ofHours(24)))
                .retryAttempts(retryAttempts)
                .build();
    }
}
