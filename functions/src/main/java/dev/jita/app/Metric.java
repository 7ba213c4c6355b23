package dev.jita.app;

/** The business metrics jita emits (namespace "jita"); CloudWatch alarms watch RevokeFailed and LinkRejected. */
public enum Metric {
    RequestsCreated,
    Approved,
    Denied,
    TimedOut,
    Granted,
    Revoked,
    RevokeFailed,
    LinkRejected,
    /** The sweeper removed an orphaned or expired jita-* policy. */
    SweeperRemoved,
    /** The sweeper could not sweep one account (STS refused its target role, or IAM failed listing its roles). */
    SweepAccountFailed,
    /** A CloudTrail call of a granted session was recorded on its request (GRANT_USED). */
    GrantUsed,
    /** A CloudTrail call matched no grant and was ignored. */
    ActivityUnmatched,
    /** An approver who opted in could not be told of a grant's first use (the use is recorded all the same). */
    FirstUseNotifyFailed,
    /** An Identity Center user could not be told their access is active (the grant stands all the same). */
    ActiveNotifyFailed
}
