package dev.jita.store;

import dev.jita.audit.AuditEvents;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request as the store holds it, without its task token (see {@link RequestStore#taskToken}), so
 * nothing that serves the API can leak it.
 *
 * @param requestHash the hash the approvers' links bind, as intake computed it
 * @param version     bumped by every change; the optimistic lock
 * @param approvals   approver id to decision, in no particular order
 * @param window      null until approved
 * @param grant       what the grant step recorded, under {@link #GRANT_ROLE} and {@link #GRANT_POLICY_NAME}; empty
 *                    before a grant
 * @param incidentId  the incident this was auto-approved under, or null
 * @param auditHead   the last audit entry's seq and hash; the next status change continues from it
 * @param counters    the per-role counters ({@link Caps}) the request holds a place in, kind to counter key; the
 *                    move that ends what a counter counts gives its place back
 */
public record StoredRequest(AccessRequest request, String requestHash, Status status, long version,
                            Map<String, Approval> approvals, GrantWindow window, Map<String, String> grant,
                            String incidentId, ChainHead auditHead, Map<Caps.Kind, String> counters) {

    /**
     * Keys of {@link #grant}. Stored with every granted request (and kept across restarts of jita local), so their
     * spelling never changes; they belong to the request, apart from the audit's detail names ({@link AuditEvents}).
     */
    public static final String GRANT_ROLE = "role";
    public static final String GRANT_POLICY_NAME = "policyName";

    public StoredRequest {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
        approvals = Map.copyOf(approvals);
        grant = Map.copyOf(grant);
        Objects.requireNonNull(auditHead, "auditHead");
        counters = Map.copyOf(counters);
    }

    public String requestId() {
        return request.requestId();
    }

    public Optional<GrantWindow> windowIfSet() {
        return Optional.ofNullable(window);
    }

    /** Position of the newest audit entry of a request's chain. */
    /**
     * The last entry of a chain: its seq, its hash and its time ({@code null} where unknown, as on requests stored
     * before jita recorded it). The next entry is stamped no earlier than {@code at}, so a writer whose clock runs a
     * little behind the last one's never makes an entry that verify would take for backdated.
     */
    public record ChainHead(long seq, String hash, java.time.Instant at) {
        public ChainHead(long seq, String hash) {
            this(seq, hash, null);
        }
    }
}
