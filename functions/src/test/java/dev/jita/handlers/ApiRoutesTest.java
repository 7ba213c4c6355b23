package dev.jita.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jita.app.InMemoryMetrics;
import dev.jita.wiring.JitaServices;
import dev.jita.wiring.LambdaServices;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The functions serve exactly the routes {@link ApiRoutes} declares, which CDK turns into API Gateway methods and
 * jita local serves (infrastructure's JitaApprovalTest and local's JitaLocalServerTest hold those to the list).
 */
class ApiRoutesTest {

    private static final Map<String, String> ENV = Map.of(
            "JITA_REQUESTS_TABLE", "requests",
            "JITA_AUDIT_TABLE", "audit",
            "JITA_IDEMPOTENCY_TABLE", "idempotency",
            "JITA_RULES_FILE", "../config/rules.yaml",
            "JITA_HOME_ACCOUNT", "111122223333",
            "JITA_PUBLIC_BASE_URL", "https://abc123.execute-api.eu-west-1.amazonaws.com/prod",
            "JITA_STATE_MACHINE_ARN", "arn:aws:states:eu-west-1:111122223333:stateMachine:jita-approval",
            "JITA_LINK_KEY_ID", "arn:aws:kms:eu-west-1:111122223333:key/3333-current",
            "JITA_AUDIT_KEY_ID", "arn:aws:kms:eu-west-1:111122223333:key/4444-audit");

    /** The Lambda wiring on clients that never connect: building the routes calls no AWS. */
    private static JitaServices services() {
        return LambdaServices.of(ENV, new OfflineClients(), new InMemoryMetrics(), Clock.systemUTC());
    }

    @Test
    void intakeFunction_shouldRouteExactlyTheDeclaredEngineerRoutes() {
        assertEquals(ApiRoutes.methodsByTemplate(ApiRoutes.INTAKE), services().engineerRoutes().methodsByTemplate());
    }

    @Test
    void approvalFunction_shouldAnswerExactlyTheDeclaredApproverRoutes() {
        assertEquals(ApiRoutes.methodsByTemplate(ApiRoutes.APPROVAL),
                new ApprovalFunction(services()).methodsByTemplate());
    }

    @Test
    void all_shouldNameOnlyTheApiFunctions_andEachTemplateWithOneAuth() {
        assertEquals(Set.of(ApiRoutes.INTAKE, ApiRoutes.APPROVAL), ApiRoutes.ALL.stream()
                .map(ApiRoutes.Route::function).collect(java.util.stream.Collectors.toSet()));
        // jita local groups a template's methods into one resource with one auth, as API Gateway's resource is.
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            assertEquals(1, ApiRoutes.ALL.stream().filter(r -> r.template().equals(route.template()))
                    .map(r -> r.auth() + " " + r.function()).distinct().count(), route.template());
        }
        assertEquals(ApiRoutes.ALL.size(), ApiRoutes.ALL.stream()
                .map(r -> r.method() + " " + r.template()).distinct().count(), "a route declared twice");
    }
}
