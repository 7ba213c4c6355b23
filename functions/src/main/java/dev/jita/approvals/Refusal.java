package dev.jita.approvals;

/** Why a person with a genuine link may not decide. */
public enum Refusal {
    /** The approver is the requester (same id or principal). */
    OWN_REQUEST,
    /** The current rules no longer list this person as an approver of the request's rule. */
    NO_LONGER_APPROVER
}
