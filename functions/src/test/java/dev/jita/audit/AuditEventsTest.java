package dev.jita.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Reason;
import dev.jita.domain.Requester;
import dev.jita.store.Fixtures;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AuditEventsTest {

    private static final Origin ORIGIN = new Origin("203.0.113.7", "curl/8.5");
    private static final GrantWindow WINDOW =
            new GrantWindow(Instant.parse("2026-11-24T09:00:00Z"), Instant.parse("2026-11-24T10:00:00Z"));
    private static final Requester ALICE = Fixtures.requester("alice");
    private static final AccessRequest REQUEST = Fixtures.request(ALICE, Instant.parse("2026-11-24T08:55:00Z"));
    private static final String ROLE = "Engineer";
    private static final String POLICY = "jita-r1";

    /** Every method, so that a new one is held to the same rules. */
    private static List<AuditDraft> oneOfEach() {
        return List.of(
                AuditEvents.requested(REQUEST, "abc", ORIGIN),
                AuditEvents.rejected(ALICE, ORIGIN, Reason.FORBIDDEN_ACTION, "prod-ec2-terminate",
                        List.of("iam:PassRole"), List.of("arn:aws:iam::111122223333:role/Admin"), 30),
                AuditEvents.autoApproved(REQUEST, WINDOW),
                AuditEvents.cancelled(REQUEST, ALICE, ORIGIN),
                AuditEvents.workflowNotStarted(REQUEST, AuditType.CANCELLED),
                AuditEvents.notified(List.of("bob", "carol"), List.of("dave")),
                AuditEvents.renotified(),
                AuditEvents.notifyFailed(List.of("bob"), List.of("carol"), "approvers-unreached"),
                AuditEvents.linkRejected("BAD_CSRF", "POST", "bob", ORIGIN),
                AuditEvents.decisionRefused("bob", "NO_LONGER_APPROVER", ORIGIN),
                AuditEvents.approvalRecorded("bob", "fine", ORIGIN),
                AuditEvents.denialRecorded("carol", null, ORIGIN),
                AuditEvents.approved("bob", List.of("bob"), WINDOW, ORIGIN),
                AuditEvents.denied("carol", ORIGIN),
                AuditEvents.approvalTooLate("bob", "TaskTimedOut"),
                AuditEvents.incidentAutoApproved("INC-7", "aws.partner/pagerduty", "SEV1", WINDOW, "break-glass"),
                AuditEvents.granted(ROLE, POLICY, WINDOW),
                AuditEvents.reapplied(ROLE, POLICY, WINDOW),
                AuditEvents.provisioningStarted("AWSReservedSSO_Developer_5f3c2a1b9d8e7f60", "jita-abc",
                        "111122223333", "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef",
                        "dana@example.com", "9067b4b1-2a10-4b3c-8e4f-0123456789ab", WINDOW),
                AuditEvents.grantFailed("grant", "SIZE_LIMIT", "too large", ROLE, POLICY, false),
                AuditEvents.expired(ROLE, POLICY, true),
                AuditEvents.timedOut(ROLE, POLICY, false),
                AuditEvents.approvalNeverReachedWorkflow(ROLE, POLICY, false),
                AuditEvents.revoked(ALICE.arn(), ActorKind.REQUESTER, ORIGIN, ROLE, POLICY, true, "done early"),
                AuditEvents.revokeFailed(ROLE, POLICY, "Throttling", "Rate exceeded"),
                AuditEvents.sweeperRemoved(ROLE, POLICY),
                AuditEvents.workflowRestarted("r1", "WORKFLOW_NOT_FOUND", "r1-r1", "execution r1 never started"),
                AuditEvents.lostWorkflowTimedOut("r1", "WORKFLOW_ENDED", "execution r1 has ended"),
                AuditEvents.lostWorkflowNeverGranted("r1-r2", "WORKFLOW_NOT_FOUND", "execution r1-r2 never started"),
                AuditEvents.grantUsed(ALICE.arn(), ORIGIN, Outcome.REFUSED, "TerminateInstances", "ec2.amazonaws.com",
                        "c5b3a1f0", java.time.Instant.parse("2026-03-02T09:33:00Z"), "i-0abc", "AccessDenied",
                        "after-window"));
    }

    /** The public String constants of AuditEvents, by field name. */
    private static Map<String, String> constants() {
        return Arrays.stream(AuditEvents.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .collect(Collectors.toMap(Field::getName, AuditEventsTest::value));
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void events_shouldCoverEveryAuditType() {
        Set<AuditType> covered = oneOfEach().stream().map(AuditDraft::type)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(AuditType.class)));

        assertEquals(EnumSet.allOf(AuditType.class), covered);
    }

    @Test
    void everyDetailName_shouldBeAConstantOfItsOwn() {
        Map<String, String> constants = constants();
        Set<String> detailNames = constants.entrySet().stream().filter(c -> !c.getKey().endsWith("_ACTOR"))
                .map(Map.Entry::getValue).collect(Collectors.toSet());

        assertEquals(constants.size(), Set.copyOf(constants.values()).size(), "two constants spell the same: "
                + constants);
        oneOfEach().forEach(draft -> assertTrue(detailNames.containsAll(draft.details().keySet()),
                draft.type() + " writes a detail name AuditEvents does not define: " + draft.details().keySet()));
    }

    @Test
    void everySystemActor_shouldBeAnActorConstant() {
        Set<String> actors = constants().entrySet().stream().filter(c -> c.getKey().endsWith("_ACTOR"))
                .map(Map.Entry::getValue).collect(Collectors.toSet());

        oneOfEach().stream().filter(d -> d.actorKind() == ActorKind.SYSTEM || d.actorKind() == ActorKind.ANONYMOUS)
                .forEach(d -> assertTrue(actors.contains(d.actor()), d.type() + " by " + d.actor()));
    }

    @Test
    void everyEntryNamingARole_shouldNameItRoleName_withItsPolicyAndResource() {
        List<AuditDraft> namingARole = oneOfEach().stream().filter(d -> d.details().containsValue(ROLE)).toList();

        assertEquals(EnumSet.of(AuditType.GRANTED, AuditType.GRANT_FAILED, AuditType.EXPIRED, AuditType.TIMED_OUT,
                        AuditType.REVOKED, AuditType.REVOKE_FAILED, AuditType.SWEEPER_REMOVED),
                namingARole.stream().map(AuditDraft::type)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(AuditType.class))));
        namingARole.forEach(d -> {
            assertEquals(ROLE, d.details().get(AuditEvents.ROLE_NAME), d.type().name());
            assertEquals(POLICY, d.details().get(AuditEvents.POLICY_NAME), d.type().name());
            assertEquals("role/Engineer/policy/jita-r1", d.details().get(AuditEvents.RESOURCE), d.type().name());
        });
    }

    @Test
    void grantedExpiredRevokedAndSweeperRemoved_shouldNameTheSamePolicyTheSameWay() {
        Set<Map<String, String>> policyDetails = Stream.of(
                        AuditEvents.granted(ROLE, POLICY, WINDOW),
                        AuditEvents.expired(ROLE, POLICY, true),
                        AuditEvents.revoked(ALICE.arn(), ActorKind.ADMIN, ORIGIN, ROLE, POLICY, true, null),
                        AuditEvents.sweeperRemoved(ROLE, POLICY))
                .map(d -> Map.of(AuditEvents.ROLE_NAME, d.details().get(AuditEvents.ROLE_NAME),
                        AuditEvents.POLICY_NAME, d.details().get(AuditEvents.POLICY_NAME),
                        AuditEvents.RESOURCE, d.details().get(AuditEvents.RESOURCE)))
                .collect(Collectors.toSet());

        assertEquals(Set.of(Map.of(AuditEvents.ROLE_NAME, ROLE, AuditEvents.POLICY_NAME, POLICY,
                AuditEvents.RESOURCE, "role/Engineer/policy/jita-r1")), policyDetails);
    }

    @Test
    void windows_shouldBeInTheStoreTimeFormat_whoeverFixedThem() {
        List<AuditDraft> windowed = oneOfEach().stream().filter(d -> d.details().containsKey(AuditEvents.NOT_BEFORE))
                .toList();

        assertEquals(List.of(AuditType.APPROVED, AuditType.APPROVED, AuditType.INCIDENT_AUTO_APPROVED,
                AuditType.GRANTED, AuditType.GRANTED, AuditType.PROVISIONING_STARTED), windowed.stream().map(AuditDraft::type).toList());
        windowed.forEach(d -> {
            assertEquals("2026-11-24T09:00:00.000Z", d.details().get(AuditEvents.NOT_BEFORE), d.type().name());
            assertEquals("2026-11-24T10:00:00.000Z", d.details().get(AuditEvents.NOT_AFTER), d.type().name());
        });
    }

    @Test
    void codes_shouldBeUnderReasonCode_andSentencesUnderReason() {
        AuditDraft rejected = AuditEvents.rejected(ALICE, ORIGIN, Reason.FORBIDDEN_ACTION, null, List.of("iam:PassRole"),
                List.of("arn:aws:iam::111122223333:role/Admin"), 30);
        AuditDraft failed = AuditEvents.grantFailed("grant", "SIZE_LIMIT", "the policy is too large", ROLE, POLICY,
                false);

        assertEquals("FORBIDDEN_ACTION", rejected.details().get(AuditEvents.REASON_CODE));
        assertNull(rejected.details().get(AuditEvents.REASON));
        assertEquals("SIZE_LIMIT", failed.details().get(AuditEvents.REASON_CODE));
        assertEquals("the policy is too large", failed.details().get(AuditEvents.REASON));
        assertEquals("BAD_CSRF", AuditEvents.linkRejected("BAD_CSRF", "POST", null, ORIGIN).details()
                .get(AuditEvents.REASON_CODE));
    }

    @Test
    void denialRecorded_shouldLeaveOutAnAbsentOrBlankComment() {
        assertEquals(Map.of(), AuditEvents.denialRecorded("carol", null, ORIGIN).details());
        assertEquals(Map.of(), AuditEvents.denialRecorded("carol", "  ", ORIGIN).details());
    }
}
