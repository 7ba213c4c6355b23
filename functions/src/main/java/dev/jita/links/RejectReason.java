package dev.jita.links;

/** Why a link was refused: for the LINK_REJECTED audit entry only, never for the person holding the link. */
public enum RejectReason {
    /** Not three base64url parts, padding, oversized, non-canonical encoding, payload not a JSON object. */
    BAD_FORMAT,
    /** A version other than v1. */
    UNSUPPORTED_VERSION,
    /** The key id is neither the current nor the previous key. */
    UNKNOWN_KID,
    /** The MAC does not match the payload. */
    BAD_MAC,
    /** A payload field is missing. */
    MISSING_FIELD,
    /** The payload has a field it should not have. */
    UNKNOWN_FIELD,
    /** A payload field has the wrong type or shape. */
    BAD_FIELD,
    /** Issued in the future beyond clock skew. */
    NOT_YET_VALID,
    /** Past its expiry. */
    EXPIRED,
    /** Valid, but for another request than the one expected. */
    WRONG_REQUEST;

    /**
     * Whether the link was refused before its MAC was verified ({@link LinkTokens#verify} checks format, version
     * and kid first): such a token may be anyone's forgery, and whatever it claims is unproven.
     */
    public boolean beforeMac() {
        return this == BAD_FORMAT || this == UNSUPPORTED_VERSION || this == UNKNOWN_KID || this == BAD_MAC;
    }
}
