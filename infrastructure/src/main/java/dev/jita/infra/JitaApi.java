package dev.jita.infra;

import dev.jita.handlers.ApiRoutes;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.JsonWithStandardFieldProps;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodOptions;
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

    /**
     * The routes of {@link ApiRoutes}, the functions' declaration: engineers' to the intake alias behind IAM auth,
     * approval links' to the approval alias without (the token in the path is the approver's credential: signed,
     * single use, bound to one request).
     */
    void route(Alias intakeAlias, Alias approvalAlias) {
        Map<String, LambdaIntegration> integrations = Map.of(
                ApiRoutes.INTAKE, LambdaIntegration.Builder.create(intakeAlias).allowTestInvoke(false).build(),
                ApiRoutes.APPROVAL, LambdaIntegration.Builder.create(approvalAlias).allowTestInvoke(false).build());
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            LambdaIntegration integration = integrations.get(route.function());
            if (integration == null) {
                throw new IllegalStateException("API route " + route.method() + " " + route.template()
                        + " names function " + route.function() + ", which the API does not integrate; add it here");
            }
            MethodOptions auth = MethodOptions.builder().authorizationType(switch (route.auth()) {
                case IAM -> AuthorizationType.IAM;
                case NONE -> AuthorizationType.NONE;
            }).build();
            api.getRoot().resourceForPath(route.template()).addMethod(route.method(), integration, auth);
        }
    }
}
