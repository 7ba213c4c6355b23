package dev.jita.links;

import java.util.Objects;

/**
 * The one answer to any bad link: its message is the same whatever went wrong, so a forger learns nothing.
 * The {@link #reason()} is for the audit entry (LINK_REJECTED), never for the response.
 *
 * <p>Rule: until a MAC verifies, nothing a token says may touch the request's main audit chain or change the
 * answer; every refusal with {@link #macVerified()} false is the same generic 404, whatever the load.
 */
public final class LinkRejectedException extends RuntimeException {

    /** What the person holding the link may be told, the same for every reason. */
    public static final String GENERIC_MESSAGE = "This approval link is not valid. Ask for a new link if you still need to decide.";

    private final RejectReason reason;
    private final boolean macVerified;

    LinkRejectedException(RejectReason reason, boolean macVerified) {
        super(GENERIC_MESSAGE, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.macVerified = macVerified;
    }

    public RejectReason reason() {
        return reason;
    }

    /**
     * Whether the token's MAC had verified when it was refused (so jita signed it, and the request it names is the
     * one it was made for). False means the token may be anyone's forgery: whatever it claims is unproven.
     */
    public boolean macVerified() {
        return macVerified;
    }
}
