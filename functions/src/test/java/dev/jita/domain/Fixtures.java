package dev.jita.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Shared test values. */
final class Fixtures {
    static final String ACCOUNT = "111122223333";

    private Fixtures() {
    }

    static Requester session(String role, String session) {
        return new Requester("arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/" + session, ACCOUNT, role,
                session, "AROA" + role.toUpperCase() + ":" + session);
    }

    static AccessRequest request() {
        return new AccessRequest("req-1", session("Engineer", "dan"),
                List.of("ec2:TerminateInstances", "ec2:StopInstances"),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc", "arn:aws:ec2:eu-west-1:111122223333:instance/i-0def"),
                Duration.ofMinutes(30), "Replace the wedged web node for INC-42", "INC-42",
                Instant.parse("2026-11-02T10:00:00Z"), "prod-ec2-terminate", Instant.parse("2026-11-02T09:00:00Z"));
    }

    /** Builds a request from JSON the way a store or API layer would: field order and whitespace are irrelevant. */
    static AccessRequest fromJson(JsonNode n) {
        JsonNode r = n.get("requester");
        return new AccessRequest(n.get("requestId").asText(),
                new Requester(r.get("arn").asText(), r.get("accountId").asText(), r.get("roleName").asText(),
                        r.get("sessionName").asText(), r.get("userId").asText()),
                strings(n.get("actions")), strings(n.get("resources")),
                Duration.parse(n.get("duration").asText()), n.get("justification").asText(),
                n.get("ticket").isNull() ? null : n.get("ticket").asText(),
                n.get("startAt").isNull() ? null : Instant.parse(n.get("startAt").asText()),
                n.get("ruleId").asText(), Instant.parse(n.get("createdAt").asText()));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }
}
