package dev.jita.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jita.domain.GrantWindow;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AuditEventsTest {

    private static final Origin ORIGIN = new Origin("203.0.113.7", "curl/8.5");
    private static final GrantWindow WINDOW =
            new GrantWindow(Instant.parse("2026-11-24T09:00:00Z"), Instant.parse("2026-11-24T10:00:00Z"));

    private static List<AuditDraft> oneOfEach() {
        return List.of(
                AuditEvents.requested(Fixtures.ALICE_ARN, ORIGIN, "prod-ec2-terminate", "abc"),
                AuditEvents.rejected(Fixtures.ALICE_ARN, ORIGIN, "FORBIDDEN_ACTION"),
                AuditEvents.notified("bob"),
                AuditEvents.approvalRecorded("bob", "fine", ORIGIN),
                AuditEvents.denialRecorded("carol", null, ORIGIN),
                AuditEvents.approved("bob", WINDOW),
                AuditEvents.denied("carol"),
                AuditEvents.timedOut(),
                AuditEvents.cancelled(Fixtures.ALICE_ARN, ORIGIN),
                AuditEvents.granted("Engineer", "jita-r1", WINDOW),
                AuditEvents.grantFailed("LimitExceeded"),
                AuditEvents.revoked(Fixtures.ALICE_ARN, ActorKind.REQUESTER, ORIGIN, "jita-r1"),
                AuditEvents.expired(AuditEvents.WORKFLOW, "jita-r1"),
                AuditEvents.revokeFailed("jita-r1", "Throttling"),
                AuditEvents.linkRejected(null, ORIGIN, "bad-mac"),
                AuditEvents.incidentAutoApproved("INC-7", "aws.partner/pagerduty", WINDOW),
                AuditEvents.sweeperRemoved("Engineer", "jita-r0"));
    }

    @Test
    void events_shouldCoverEveryAuditType() {
        Set<AuditType> covered = oneOfEach().stream().map(AuditDraft::type)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(AuditType.class)));

        assertEquals(EnumSet.allOf(AuditType.class), covered);
    }

    @Test
    void granted_shouldCarryTheWindowInTheStoreTimeFormat() {
        Map<String, String> details = AuditEvents.granted("Engineer", "jita-r1", WINDOW).details();

        assertEquals("2026-11-24T09:00:00.000Z", details.get(AuditEvents.NOT_BEFORE));
        assertEquals("2026-11-24T10:00:00.000Z", details.get(AuditEvents.NOT_AFTER));
        assertEquals("jita-r1", details.get(AuditEvents.POLICY_NAME));
    }

    @Test
    void denialRecorded_shouldLeaveOutAnAbsentComment() {
        assertEquals(Map.of(), AuditEvents.denialRecorded("carol", null, ORIGIN).details());
    }
}
