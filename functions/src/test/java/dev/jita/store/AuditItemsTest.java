package dev.jita.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditType;
import dev.jita.audit.Origin;
import dev.jita.audit.Outcome;
import dev.jita.standins.TestAuditKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AuditItemsTest {

    private static final Instant AT = Instant.parse("2026-11-24T09:00:00Z");
    private static final AuditDraft DRAFT = AuditDraft.of(AuditType.APPROVED, "bob", ActorKind.APPROVER,
            Outcome.SUCCESS).withDetail("comment", "fine").withOrigin(new Origin("198.51.100.4", "Mozilla/5.0"));

    @Test
    void signed_shouldCarryTheAuditKeysMacOverTheHash_outsideTheHash() {
        Map<String, AttributeValue> item = AuditItems.item("r1", 7, AT, DRAFT, AuditItems.GENESIS);

        Map<String, AttributeValue> signed = AuditItems.signed(item, TestAuditKey.SIGNER);

        String hash = item.get(AuditItems.HASH).s();
        assertEquals(hash, signed.get(AuditItems.HASH).s());
        assertEquals(hash, AuditItems.hashOf(signed)); // mac and macKid are not part of what is hashed
        assertEquals(TestAuditKey.SIGNER.currentKid(), signed.get(AuditItems.MAC_KID).s());
        byte[] mac = Base64.getDecoder().decode(signed.get(AuditItems.MAC).s());
        assertTrue(TestAuditKey.SIGNER.verify(TestAuditKey.SIGNER.currentKid(),
                hash.getBytes(StandardCharsets.UTF_8), mac));
        assertFalse(TestAuditKey.SIGNER.verify(TestAuditKey.SIGNER.currentKid(),
                AuditItems.GENESIS.getBytes(StandardCharsets.UTF_8), mac));
    }

    @Test
    void item_shouldCarryHashOfEverythingButItself() {
        Map<String, AttributeValue> item = AuditItems.item("r1", 7, AT, DRAFT, AuditItems.GENESIS);

        assertEquals(AuditItems.hashOf(item), item.get(AuditItems.HASH).s());
        assertEquals("0000000007", item.get(AuditItems.SEQ).s());
        assertEquals("2026-11-24T09:00:00.000Z", item.get(AuditItems.AT).s());
        assertEquals("2026-11-24", item.get(AuditItems.DAY).s());
        assertEquals("2026-11-24T09:00:00.000Z#r1#0000000007", item.get(AuditItems.DAY_KEY).s());
    }

    @Test
    void hashOf_shouldNotDependOnAttributeOrder() {
        Map<String, AttributeValue> item = AuditItems.item("r1", 1, AT, DRAFT, AuditItems.GENESIS);

        assertEquals(AuditItems.hashOf(item), AuditItems.hashOf(new TreeMap<>(item)));
    }

    @Test
    void hashOf_shouldChange_whenAnyAttributeChanges() {
        Map<String, AttributeValue> item = AuditItems.item("r1", 1, AT, DRAFT, AuditItems.GENESIS);
        String original = AuditItems.hashOf(item);
        for (String name : item.keySet()) {
            if (name.equals(AuditItems.HASH) || name.equals(AuditItems.DETAILS)) {
                continue;
            }
            Map<String, AttributeValue> altered = new HashMap<>(item);
            altered.put(name, AttributeValue.fromS(item.get(name).s() + "x"));
            assertNotEquals(original, AuditItems.hashOf(altered), name);
        }
        Map<String, AttributeValue> moreDetails = new HashMap<>(item);
        moreDetails.put(AuditItems.DETAILS, AttributeValue.fromM(Map.of("comment", AttributeValue.fromS("fine!"))));
        assertNotEquals(original, AuditItems.hashOf(moreDetails));
    }

    @Test
    void hashOf_shouldRefuseValuesTheCanonicalFormCannotSpell() {
        Map<String, AttributeValue> item = new HashMap<>(AuditItems.item("r1", 1, AT, DRAFT, AuditItems.GENESIS));
        item.put(AuditItems.ACTOR, AttributeValue.fromN("1"));

        assertThrows(IllegalArgumentException.class, () -> AuditItems.hashOf(item));
    }

    @Test
    void seqKey_shouldPadToTenDigits_soStringsSortAsNumbers() {
        assertEquals("0000000009", AuditItems.seqKey(9));
        assertEquals(-1, AuditItems.seqKey(9).compareTo(AuditItems.seqKey(10)));
        assertThrows(IllegalArgumentException.class, () -> AuditItems.seqKey(0));
    }
}
