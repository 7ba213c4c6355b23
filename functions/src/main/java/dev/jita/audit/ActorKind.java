package dev.jita.audit;

/** What kind of party an audit entry's actor is. */
public enum ActorKind {
    /** The engineer who asked, identified by their IAM principal. */
    REQUESTER,
    /** A named approver acting through their link. */
    APPROVER,
    /** An admin from the rules file, e.g. revoking someone's grant. */
    ADMIN,
    /** jita itself: the workflow, the sweeper. */
    SYSTEM,
    /** Incident tooling through EventBridge. */
    INCIDENT,
    /** Someone not identified, e.g. the holder of a forged link. */
    ANONYMOUS
}
