package dev.jita.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** Every log group of jita: the configured retention, kept when the stack goes (logs are evidence). */
final class LogGroups {
    private LogGroups() {
    }

    static LogGroup retained(Construct scope, String id, RetentionDays retention) {
        return LogGroup.Builder.create(scope, id)
                .retention(retention)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }
}
