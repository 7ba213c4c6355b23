package dev.jita.store;

import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditType;
import dev.jita.audit.Origin;
import dev.jita.audit.Outcome;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Requester;
import dev.jita.domain.Sha256;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Requests and audit drafts for the store tests. */
public final class Fixtures {

    public static final String ALICE_ARN = "arn:aws:sts::111122223333:assumed-role/Engineer/alice";

    private Fixtures() {
    }

    public static Requester requester(String session) {
        return new Requester("arn:aws:sts::111122223333:assumed-role/Engineer/" + session, "111122223333",
                "Engineer", session, "AROAEXAMPLEID:" + session);
    }

    public static AccessRequest request(Requester who, Instant createdAt) {
        return new AccessRequest(UUID.randomUUID().toString(), who, List.of("ec2:TerminateInstances"),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"), Duration.ofMinutes(30),
                "Terminate the wedged batch host, see ticket", "OPS-1234", null, "prod-ec2-terminate", createdAt);
    }

    public static AuditDraft requested(AccessRequest r) {
        return AuditDraft.of(AuditType.REQUESTED, r.requester().arn(), ActorKind.REQUESTER, Outcome.SUCCESS)
                .withOrigin(new Origin("203.0.113.7", "curl/8.5"))
                .withDetail("ruleId", r.ruleId());
    }

    public static AuditDraft system(AuditType type) {
        return AuditDraft.of(type, "jita:workflow", ActorKind.SYSTEM, Outcome.SUCCESS);
    }

    public static AuditDraft approver(AuditType type, String approverId) {
        return AuditDraft.of(type, approverId, ActorKind.APPROVER, Outcome.SUCCESS)
                .withOrigin(new Origin("198.51.100.4", "Mozilla/5.0"));
    }

    public static String hashOf(AccessRequest r) {
        return Sha256.hex(r.requestId() + "|" + String.join(",", r.actions()));
    }
}
