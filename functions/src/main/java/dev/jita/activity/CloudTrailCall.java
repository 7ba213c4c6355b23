package dev.jita.activity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One AWS API call as CloudTrail recorded it and EventBridge delivered it ("AWS API Call via CloudTrail"), reduced
 * to what jita matches and records. Every value came from the event; {@link CloudTrailCalls} bounds and checks them.
 *
 * @param eventId     CloudTrail's eventID
 * @param eventTime   when the call was made
 * @param account     the account of the session that made it ({@code userIdentity.accountId})
 * @param sessionArn  {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}
 * @param principalId the session's aws:userid, {@code <roleUniqueId>:<session>}
 * @param roleArn     the session's role with its path ({@code sessionContext.sessionIssuer.arn}); null when the
 *                    event does not carry it well formed
 * @param resources   ARNs or ids the call named, where CloudTrail tells; may be empty
 * @param errorCode   null when the call succeeded
 */
public record CloudTrailCall(String eventId, Instant eventTime, String account, String sessionArn,
                             String principalId, String roleArn, String eventName, String eventSource, List<String> resources,
                             String sourceIp, String userAgent, String errorCode) {

    /** The error codes with which AWS services refuse a call for want of permission. */
    private static final List<String> DENIALS = List.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "Client.UnauthorizedOperation", "UnauthorizedAccess");

    public CloudTrailCall {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(sessionArn, "sessionArn");
        Objects.requireNonNull(principalId, "principalId");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(eventSource, "eventSource");
        resources = List.copyOf(resources);
    }

    /** The role of the session ARN ({@code assumed-role/<role>/<session>}), without its path. */
    public String roleName() {
        String[] parts = sessionArn.split("/");
        return parts[parts.length - 2];
    }

    /** The session name of the session ARN: for an Identity Center sign-in, the user name. */
    public String sessionName() {
        return sessionArn.substring(sessionArn.lastIndexOf('/') + 1);
    }

    public boolean failed() {
        return errorCode != null;
    }

    /** Refused for want of permission, as an attempt outside the grant is. */
    public boolean denied() {
        return errorCode != null && DENIALS.contains(errorCode);
    }

    /** The IAM action the call was, as a policy names it: {@code ec2:TerminateInstances}. */
    public String action() {
        int dot = eventSource.indexOf('.');
        return (dot > 0 ? eventSource.substring(0, dot) : eventSource) + ":" + eventName;
    }
}
