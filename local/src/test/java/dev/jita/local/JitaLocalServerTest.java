package dev.jita.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.jita.handlers.ApiRoutes;
import dev.jita.local.http.ApiRoute;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * jita local serves the API that CDK declares: both are made from {@link ApiRoutes} (the functions' ApiRoutesTest
 * and infrastructure's JitaApprovalTest hold the functions and the template to it).
 */
class JitaLocalServerTest {

    private static final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> INTAKE =
            (event, context) -> null;
    private static final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> APPROVAL =
            (event, context) -> null;

    @Test
    void apiRoutes_shouldServeExactlyTheDeclaredRoutes_eachWithItsAuthAndFunction() {
        List<ApiRoute> served = JitaLocalServer.apiRoutes(Map.of(ApiRoutes.INTAKE, INTAKE,
                ApiRoutes.APPROVAL, APPROVAL));

        Set<ApiRoutes.Route> flat = new HashSet<>();
        for (ApiRoute route : served) {
            for (String method : route.methods()) {
                flat.add(new ApiRoutes.Route(method, route.template().text(), route.auth(), route.function()));
            }
            assertEquals(route.function().equals(ApiRoutes.INTAKE) ? INTAKE : APPROVAL, route.handler(),
                    route.template().text());
        }
        assertEquals(Set.copyOf(ApiRoutes.ALL), flat);
        assertEquals(served.stream().map(r -> r.template().text()).distinct().count(), served.size(),
                "one resource per template, as API Gateway's");
    }

    /**
     * The one documented exception: jita local's own pages (the index at / and /local/...) are not API routes but
     * {@link JitaLocalServer#pages}, served before the API. So the API must never have a route there, or a page
     * would hide it.
     */
    @Test
    void apiRoutes_shouldStayClearOfJitaLocalsOwnPages() {
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            assertFalse(route.template().equals("/") || route.template().equals("/local")
                    || route.template().startsWith("/local/"), route.toString());
        }
    }
}
