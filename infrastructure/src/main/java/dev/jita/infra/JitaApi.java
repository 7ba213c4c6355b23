package dev.jita.infra;

import java.util.List;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.JsonWithStandardFieldProps;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The REST API: regional, one throttled stage with JSON access logs, the engineer routes behind AWS_IAM and the
 * approval links open (their token is the credential). Declared before the functions, which need its URL, and
 * routed after them.
 */
final class JitaApi {
    private final RestApi api;
    private final String publicBaseUrl;

    JitaApi(Construct scope, JitaApprovalProps props) {
        LogGroup accessLogs = LogGroups.retained(scope, "ApiAccessLogs", props.logRetention());
        api = RestApi.Builder.create(scope, "Api")
                .description("jita: just-in-time access requests (IAM auth) and approval links")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // An account-wide API Gateway logging role is the account owner's business, not this construct's.
                .cloudWatchRole(false)
                .deployOptions(StageOptions.builder()
                        .stageName(props.stageName())
                        .throttlingRateLimit(props.throttlingRateLimit())
                        .throttlingBurstLimit(props.throttlingBurstLimit())
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        // resourcePath is the template (/approvals/{token}), never the token itself.
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields(JsonWithStandardFieldProps.builder()
                                .caller(true).httpMethod(true).ip(true).protocol(true).requestTime(true)
                                .resourcePath(true).responseLength(true).status(true).user(true).build()))
                        .metricsEnabled(true)
                        // No X-Ray on the stage: its segments record the full URL, and a link's token is a credential.
                        .tracingEnabled(false)
                        .build())
                .build();
        // From the API's id and the stage's name, not api.getUrl(): the URL refers to the stage, whose deployment
        // depends on the methods, which depend on the functions: a cycle.
        Stack stack = Stack.of(scope);
        publicBaseUrl = props.publicBaseUrl().orElseGet(() -> Fn.join("", List.of("https://", api.getRestApiId(),
                ".execute-api.", stack.getRegion(), ".", stack.getUrlSuffix(), "/", props.stageName())));
    }

    RestApi restApi() {
        return api;
    }

    /** Base of approval links: the configured one, else the stage's execute-api URL. */
    String publicBaseUrl() {
        return publicBaseUrl;
    }

    /** The routes: engineers' to the intake alias, approval links' to the approval alias. */
    void route(Alias intakeAlias, Alias approvalAlias) {
        LambdaIntegration intake = LambdaIntegration.Builder.create(intakeAlias).allowTestInvoke(false).build();
        LambdaIntegration approval = LambdaIntegration.Builder.create(approvalAlias).allowTestInvoke(false).build();
        MethodOptions iam = MethodOptions.builder().authorizationType(AuthorizationType.IAM).build();
        // The token in the path is the approver's credential (signed, single use, bound to one request).
        MethodOptions open = MethodOptions.builder().authorizationType(AuthorizationType.NONE).build();

        Resource requestsRoute = api.getRoot().addResource("requests");
        requestsRoute.addMethod("POST", intake, iam);
        requestsRoute.addMethod("GET", intake, iam);
        Resource one = requestsRoute.addResource("{id}");
        one.addMethod("GET", intake, iam);
        one.addResource("revoke").addMethod("POST", intake, iam);
        one.addResource("cancel").addMethod("POST", intake, iam);
        Resource auditRoute = api.getRoot().addResource("audit");
        auditRoute.addMethod("GET", intake, iam);
        auditRoute.addResource("verify").addMethod("GET", intake, iam);

        Resource link = api.getRoot().addResource("approvals").addResource("{token}");
        for (String method : List.of("GET", "HEAD", "POST")) {
            link.addMethod(method, approval, open);
        }
    }
}
