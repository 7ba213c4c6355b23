package dev.jita.notifications;

/** What a notification is about, as the outbox and the e-mail tags name it. */
public enum Kind {
    /** Please decide: carries the approver's own link. */
    DECISION_NEEDED,
    /** The request got the approvals it needed. */
    APPROVED,
    /** An approver denied the request. */
    DENIED,
    /** Nobody decided in time. */
    TIMED_OUT,
    /** Access was granted without approval under an incident: every approver is told. */
    BREAK_GLASS,
    /** The grant was used for the first time: approvers who opted in are told. */
    FIRST_USE,
    /** An Identity Center user's access is active: which permission set to pick, where, until when. */
    ACCESS_ACTIVE
}
