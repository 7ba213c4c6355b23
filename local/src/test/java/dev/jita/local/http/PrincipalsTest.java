package dev.jita.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.jita.http.ProblemException;
import dev.jita.iam.IamRole;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrincipalsTest {
    private static final IamRole ENGINEER = new IamRole("Engineer", "/jita/", "AROAENGINEER000000001",
            "arn:aws:iam::111122223333:role/jita/Engineer");
    private final Principals principals = new Principals("111122223333",
            name -> name.equals("Engineer") ? Optional.of(ENGINEER) : Optional.empty());
    private final RawRequest raw = new RawRequest("GET", "/requests", null,
            Map.of("User-Agent", List.of("curl/8.5")), null, "127.0.0.1");

    /** design.md, "Identities": caller = <role unique id>:<session>, as IAM auth reports it. */
    @Test
    void identity_shouldBeWhatIamAuthWouldReport_forAnAssumedRoleSession() {
        APIGatewayProxyRequestEvent.RequestIdentity identity = principals.identity(
                Optional.of("arn:aws:sts::111122223333:assumed-role/Engineer/alice"), raw);

        assertEquals("arn:aws:sts::111122223333:assumed-role/Engineer/alice", identity.getUserArn());
        assertEquals("AROAENGINEER000000001:alice", identity.getCaller());
        assertEquals("AROAENGINEER000000001:alice", identity.getUser());
        assertEquals("111122223333", identity.getAccountId());
        assertEquals("127.0.0.1", identity.getSourceIp());
        assertEquals("curl/8.5", identity.getUserAgent());
    }

    @Test
    void identity_shouldBeRefusedWith403_withoutAUsablePrincipal() {
        for (String header : List.of("", "   ", "alice", "arn:aws:iam::111122223333:user/alice",
                "arn:aws:sts::111122223333:assumed-role/Engineer/a", // session names are 2..64 characters
                "arn:aws:sts::999999999999:assumed-role/Engineer/alice",
                "arn:aws:sts::111122223333:assumed-role/Nobody/alice")) {
            ProblemException refused = assertThrows(ProblemException.class,
                    () -> principals.identity(Optional.of(header), raw), header);
            assertEquals(403, refused.problem().status(), header);
        }
        assertEquals("missing-principal", assertThrows(ProblemException.class,
                () -> principals.identity(Optional.empty(), raw)).problem().reason());
    }
}
