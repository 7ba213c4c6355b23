package dev.jita.store;

import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditType;
import dev.jita.audit.CanonicalJson;
import dev.jita.audit.Origin;
import dev.jita.audit.Outcome;
import dev.jita.domain.Sha256;
import dev.jita.domain.Times;
import dev.jita.links.MacSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The audit table's item format and its hash chain. */
final class AuditItems {

    static final String REQUEST_ID = "requestId";
    static final String SEQ = "seq";
    static final String TYPE = "type";
    static final String AT = "at";
    static final String ACTOR = "actor";
    static final String ACTOR_KIND = "actorKind";
    static final String SOURCE_IP = "sourceIp";
    static final String USER_AGENT = "userAgent";
    static final String OUTCOME = "outcome";
    static final String DETAILS = "details";
    static final String PREV_HASH = "prevHash";
    static final String HASH = "hash";
    /** Base64 HMAC-SHA256 over the hash's UTF-8 bytes, under the audit key {@link #MAC_KID}; outside the hash. */
    static final String MAC = "mac";
    /** The audit key that made {@link #MAC}: a KMS key ARN in AWS, a local key id in jita local. */
    static final String MAC_KID = "macKid";
    static final String DAY = "day";
    static final String DAY_KEY = "dayKey";

    /** The prevHash of every chain's first entry. */
    static final String GENESIS = "0".repeat(64);

    private static final int SEQ_DIGITS = 10;

    private AuditItems() {
    }

    static String seqKey(long seq) {
        if (seq < 1 || seq >= 10_000_000_000L) {
            throw new IllegalArgumentException("audit seq out of range: " + seq);
        }
        return String.format("%0" + SEQ_DIGITS + "d", seq);
    }

    /** The full item, hash included. The hash covers every attribute but itself, index keys too. */
    static Map<String, AttributeValue> item(String requestId, long seq, Instant at, AuditDraft draft,
                                            String prevHash) {
        String atIso = Times.iso(at);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(REQUEST_ID, s(requestId));
        item.put(SEQ, s(seqKey(seq)));
        item.put(TYPE, s(draft.type().name()));
        item.put(AT, s(atIso));
        item.put(ACTOR, s(draft.actor()));
        item.put(ACTOR_KIND, s(draft.actorKind().name()));
        if (draft.origin().sourceIp() != null) {
            item.put(SOURCE_IP, s(draft.origin().sourceIp()));
        }
        if (draft.origin().userAgent() != null) {
            item.put(USER_AGENT, s(draft.origin().userAgent()));
        }
        item.put(OUTCOME, s(draft.outcome().name()));
        Map<String, AttributeValue> details = new HashMap<>();
        draft.details().forEach((k, v) -> details.put(k, s(v)));
        item.put(DETAILS, AttributeValue.fromM(details));
        item.put(PREV_HASH, s(prevHash));
        item.put(DAY, s(Times.day(at)));
        item.put(DAY_KEY, s(atIso + "#" + requestId + "#" + seqKey(seq)));
        item.put(HASH, s(hashOf(item)));
        return item;
    }

    /**
     * The item with its MAC: the audit key's HMAC over the item's hash. The hash chain shows an entry changed; the
     * MAC shows who could have written it, since a consistent rewrite (every hash recomputed) needs the audit key.
     *
     * @throws dev.jita.links.SignerUnavailableException if the key service cannot be used right now
     */
    static Map<String, AttributeValue> signed(Map<String, AttributeValue> item, MacSigner auditKey) {
        String kid = auditKey.currentKid();
        byte[] mac = auditKey.sign(kid, macInput(item.get(HASH).s()));
        Map<String, AttributeValue> out = new HashMap<>(item);
        out.put(MAC, s(Base64.getEncoder().encodeToString(mac)));
        out.put(MAC_KID, s(kid));
        return out;
    }

    /** What the MAC covers: the hash, as stored. */
    static byte[] macInput(String hash) {
        return hash.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * SHA-256, lower-case hex, over the canonical JSON of the item without its {@code hash}, {@code mac} and
     * {@code macKid} (the MAC is made over the hash, so it cannot be inside it).
     *
     * @throws IllegalArgumentException if the item holds a value the canonical form cannot spell, which only
     *                                  an altered item can
     */
    static String hashOf(Map<String, AttributeValue> item) {
        Map<String, Object> plain = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (!HASH.equals(name) && !MAC.equals(name) && !MAC_KID.equals(name)) {
                plain.put(name, plain(value));
            }
        });
        return Sha256.hex(CanonicalJson.write(plain));
    }

    private static Object plain(AttributeValue value) {
        return switch (value.type()) {
            case S -> value.s();
            case M -> {
                Map<String, Object> map = new LinkedHashMap<>();
                value.m().forEach((k, v) -> map.put(k, plain(v)));
                yield map;
            }
            case L -> {
                List<Object> list = new ArrayList<>();
                value.l().forEach(v -> list.add(plain(v)));
                yield list;
            }
            default -> throw new IllegalArgumentException("audit items hold strings and maps only, found "
                    + value.type());
        };
    }

    static AuditEntry entry(Map<String, AttributeValue> item) {
        Map<String, String> details = new LinkedHashMap<>();
        AttributeValue d = item.get(DETAILS);
        if (d != null && d.hasM()) {
            d.m().forEach((k, v) -> details.put(k, v.s()));
        }
        return new AuditEntry(
                item.get(REQUEST_ID).s(),
                Long.parseLong(item.get(SEQ).s()),
                AuditType.valueOf(item.get(TYPE).s()),
                Times.parse(item.get(AT).s()),
                item.get(ACTOR).s(),
                ActorKind.valueOf(item.get(ACTOR_KIND).s()),
                new Origin(str(item, SOURCE_IP), str(item, USER_AGENT)),
                Outcome.valueOf(item.get(OUTCOME).s()),
                details,
                item.get(PREV_HASH).s(),
                item.get(HASH).s());
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
