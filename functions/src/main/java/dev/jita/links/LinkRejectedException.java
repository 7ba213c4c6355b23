package dev.jita.links;

import java.util.Objects;

/**
 * The one answer to any bad link: its message is the same whatever went wrong, so a forger learns nothing.
 * The {@link #reason()} is for the audit entry (LINK_REJECTED), never for the response.
 */
public final class LinkRejectedException extends RuntimeException {

    /** What the person holding the link may be told, the same for every reason. */
    public static final String GENERIC_MESSAGE = "This approval link is not valid. Ask for a new link if you still need to decide.";

    private final RejectReason reason;

    LinkRejectedException(RejectReason reason) {
        super(GENERIC_MESSAGE, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RejectReason reason() {
        return reason;
    }
}
