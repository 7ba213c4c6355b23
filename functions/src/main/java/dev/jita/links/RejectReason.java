package dev.jita.links;

/**
 * Why a link was refused: for the LINK_REJECTED audit entry only, never for the person holding the link.
 *
 * <p>A reason does not say whether the MAC had verified (a missing or ill-typed kid is refused before it, any other
 * missing field after it): {@link LinkRejectedException#macVerified()} does, and the rule is that until a MAC
 * verifies nothing a token says may touch the request's main audit chain or change the generic answer.
 */
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
    WRONG_REQUEST
}
