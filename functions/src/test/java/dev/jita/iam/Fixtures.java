package dev.jita.iam;

import dev.jita.domain.AccessRequest;
import dev.jita.domain.Requester;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Requests as the grant sees them after intake and approval. */
public final class Fixtures {

    public static final String ROLE_ID = "AROA3XFRBF23EXAMPLE";
    public static final Requester ALICE = new Requester("arn:aws:sts::111122223333:assumed-role/Engineer/alice",
            "111122223333", "Engineer", "alice", ROLE_ID + ":alice");
    public static final Instant NOT_BEFORE = Instant.parse("2026-11-23T10:00:00Z");
    public static final Instant NOT_AFTER = Instant.parse("2026-11-23T11:00:00Z");

    private Fixtures() {
    }

    public static AccessRequest request(String requestId, List<String> actions, List<String> resources) {
        return request(requestId, ALICE, actions, resources);
    }

    public static AccessRequest request(String requestId, Requester requester, List<String> actions, List<String> resources) {
        return new AccessRequest(requestId, requester, actions, resources, Duration.ofHours(1),
                "Terminate the stuck instance after the incident", "INC-42", null, "prod-ec2-terminate",
                Instant.parse("2026-11-23T09:55:00Z"));
    }

    public static AccessRequest terminate(String requestId, String instanceId) {
        return request(requestId, List.of("ec2:TerminateInstances"),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/" + instanceId));
    }
}
