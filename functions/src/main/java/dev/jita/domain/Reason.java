package dev.jita.domain;

/**
 * Why a request is refused. The names are a contract: the API returns them as the problem's {@code reason},
 * clients and tests match on them. Add new ones; never rename or reuse one.
 */
public enum Reason {
    /** An action is not {@code service:Action}. */
    INVALID_ACTION,
    /** An action is never requestable (design.md, "Never requestable"), whatever a rule says. */
    FORBIDDEN_ACTION,
    /** A {@code *} or {@code ?} in a requested action or resource. */
    WILDCARD_NOT_ALLOWED,
    /** A resource is not a well-formed concrete ARN. */
    INVALID_ARN,
    /** The duration is zero or negative. */
    INVALID_DURATION,
    /** startAt is in the past or too far ahead. */
    INVALID_START,
    /** The request names no action or no resource. */
    EMPTY_REQUEST,
    /** No rule covers the request (the message names the closest rule and what it lacks). */
    NO_MATCHING_RULE,
    /** The ruleId names no rule. */
    RULE_NOT_FOUND,
    /** The requester's role is not a requester of the rule (or of any rule). */
    REQUESTER_NOT_ALLOWED,
    /** The rule does not list one of the actions. */
    ACTION_NOT_ALLOWED,
    /** A resource matches none of the rule's patterns. */
    RESOURCE_NOT_ALLOWED,
    /** The duration exceeds the rule's maxDuration (or the hard cap). */
    DURATION_TOO_LONG,
    /** Once the requester is set aside (no self-approval), too few approvers remain. */
    NO_ELIGIBLE_APPROVERS,
    /** The requester's account is not one the rule covers (its {@code accounts}). */
    ACCOUNT_NOT_COVERED,
    /**
     * A resource's ARN names an account other than the requester's: a policy on the requester's role cannot reach
     * another account's resource alone (that account's resource policy would have to allow it too).
     */
    RESOURCE_IN_OTHER_ACCOUNT
}
