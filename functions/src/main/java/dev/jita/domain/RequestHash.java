package dev.jita.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The canonical form of an {@link AccessRequest} and its SHA-256, the "request hash" that approval tokens bind
 * ({@code rh}) and that the grant recomputes before touching IAM. Computed here and nowhere else.
 *
 * <p>What counts as meaning: everything the grant does and everything an approver is shown to decide on:
 * the requester (all of it: the grant is scoped to the role, session and aws:userid), the actions, the
 * resources, the duration, startAt, the rule (it chose the approvers), the justification and the ticket (the
 * approver read them; approving "restart for INC-1" is not approving "restart for fun"). Changing any of these
 * changes the hash.
 *
 * <p>What does not: the request id and createdAt identify and date a request, they do not change what it asks
 * (the token binds the request id separately, and intake can compare two bodies by hash); the order of actions
 * and resources, duplicates among them, and the letter case of action names (IAM treats all three as
 * meaningless). Resource ARNs and free text are kept exactly as written: ARNs are case-sensitive, and the
 * approver saw those exact characters.
 *
 * <p>The form is compact JSON with a fixed key order, written by Jackson (never by string concatenation), tagged
 * with a format version so a future change of the form cannot collide with an old hash.
 */
public final class RequestHash {
    static final String FORMAT = "jita.request.v1";
    // ASCII output, every other character escaped: UTF-8 encoding would turn every unpaired surrogate into '?', so two
    // different justifications could otherwise hash alike.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private RequestHash() {
    }

    /** Lowercase hex SHA-256 of {@link #canonicalJson}. */
    public static String of(AccessRequest request) {
        return Sha256.hex(canonicalJson(request));
    }

    /**
     * Whether {@code request} is still exactly what was approved under {@code approvedHash}. Compares in constant
     * time: the hash travels in approval tokens, so timing must not reveal how much of a forged one was right.
     */
    public static boolean matches(AccessRequest request, String approvedHash) {
        if (approvedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(of(request).getBytes(StandardCharsets.US_ASCII),
                approvedHash.getBytes(StandardCharsets.US_ASCII));
    }

    public static String canonicalJson(AccessRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        Requester who = request.requester();
        ObjectNode requester = root.putObject("requester");
        requester.put("arn", who.arn());
        requester.put("accountId", who.accountId());
        requester.put("roleName", who.roleName());
        requester.put("sessionName", who.sessionName());
        requester.put("userId", who.userId());
        sortedSet(root.putArray("actions"), request.actions(), ActionGuard::canonical);
        sortedSet(root.putArray("resources"), request.resources(), UnaryOperator.identity());
        // Seconds and nanos rather than Duration.toString(): the same length always prints the same way.
        root.put("durationSeconds", request.duration().getSeconds());
        root.put("durationNanos", request.duration().getNano());
        if (request.startAt() == null) {
            root.putNull("startAt");
        } else {
            root.put("startAt", request.startAt().toString());
        }
        root.put("ruleId", request.ruleId());
        root.put("justification", request.justification());
        if (request.ticket() == null) {
            root.putNull("ticket");
        } else {
            root.put("ticket", request.ticket());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings and numbers always serialises", e);
        }
    }

    private static void sortedSet(ArrayNode into, List<String> values, UnaryOperator<String> canonical) {
        TreeSet<String> sorted = new TreeSet<>();
        for (String v : values) {
            sorted.add(canonical.apply(v));
        }
        sorted.forEach(into::add);
    }
}
