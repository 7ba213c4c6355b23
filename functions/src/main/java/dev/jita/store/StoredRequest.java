package dev.jita.store;

import dev.jita.domain.GrantWindow;
import dev.jita.domain.AccessRequest;
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
 * @param grant       what the grant function recorded (policy name, role...); empty before a grant
 * @param incidentId  the incident this was auto-approved under, or null
 * @param auditHead   the last audit entry's seq and hash; the next status change continues from it
 */
public record StoredRequest(AccessRequest request, String requestHash, Status status, long version,
                            Map<String, Approval> approvals, GrantWindow window, Map<String, String> grant,
                            String incidentId, ChainHead auditHead) {

    public StoredRequest {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
        approvals = Map.copyOf(approvals);
        grant = Map.copyOf(grant);
        Objects.requireNonNull(auditHead, "auditHead");
    }

    public String requestId() {
        return request.requestId();
    }

    public Optional<GrantWindow> windowIfSet() {
        return Optional.ofNullable(window);
    }

    /** Position of the newest audit entry of a request's chain. */
    public record ChainHead(long seq, String hash) {
    }
}
