package dev.jita.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.UniqueResourceNameOptions;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The approval workflow, approval.asl.json deployed as is with its placeholders replaced by the notify, grant and
 * revoke aliases. Its name is fixed before anything else is declared, and the functions that start or answer it get
 * an ARN built from that name: the workflow invokes the functions, so a reference from a function to the state
 * machine resource would be a cycle.
 */
final class Workflow {
    /** Placeholder of the definition to the id of the function whose alias ARN replaces it. */
    static final Map<String, String> SUBSTITUTIONS = Map.of(
            "NotifyFunctionArn", "notify", "GrantFunctionArn", "grant", "RevokeFunctionArn", "revoke");

    private final Construct scope;
    private final JitaApprovalProps props;
    private final String name;
    private final String arn;

    /** Names the workflow; nothing is declared until {@link #declare}. */
    Workflow(Construct scope, JitaApprovalProps props) {
        this.scope = scope;
        this.props = props;
        this.name = props.stateMachineName().orElseGet(() -> Names.uniqueResourceName(scope,
                UniqueResourceNameOptions.builder().maxLength(70).build()) + "-approval");
        this.arn = Stack.of(scope).formatArn(ArnComponents.builder()
                .service("states").resource("stateMachine").resourceName(name)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    }

    String name() {
        return name;
    }

    /** The state machine's ARN as the functions know it (built from its fixed name). */
    String arn() {
        return arn;
    }

    /** The state machine on the functions' aliases (by function id), allowed to invoke the ones it substitutes. */
    StateMachine declare(Map<String, Alias> aliases) {
        LogGroup logs = LogGroups.retained(scope, "WorkflowLogs", props.logRetention());
        Map<String, String> arns = new LinkedHashMap<>();
        SUBSTITUTIONS.forEach((placeholder, function) -> arns.put(placeholder, aliases.get(function).getFunctionArn()));
        StateMachine stateMachine = StateMachine.Builder.create(scope, "Workflow")
                .stateMachineName(name)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromFile(props.workflowDefinition().toString()))
                .definitionSubstitutions(arns)
                // Execution data stays out of the logs: AwaitApproval's input carries the task token.
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL)
                        .includeExecutionData(false).build())
                .tracingEnabled(true)
                .build();
        SUBSTITUTIONS.values().forEach(function -> aliases.get(function).grantInvoke(stateMachine));
        return stateMachine;
    }
}
