package dev.jita.audit;

/** How the audited step ended. */
public enum Outcome {
    SUCCESS,
    /** jita refused it on purpose (not eligible, bad link, self-approval...). */
    REFUSED,
    /** It was attempted and failed (IAM error, revoke failure...). */
    FAILURE
}
