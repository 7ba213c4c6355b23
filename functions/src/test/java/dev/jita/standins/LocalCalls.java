package dev.jita.standins;

import dev.jita.iam.IamRole;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Making an AWS call as a session, off AWS: the account's {@link LocalIam} decides it by jita's clock, and the call is
 * recorded as CloudTrail would record it ("AWS API Call via CloudTrail", the event EventBridge delivers), which is
 * handed to {@code cloudTrail} (in jita local, the activity function) whose answer comes back with the decision.
 * Nothing is performed: the call is only authorised and recorded.
 */
public final class LocalCalls {
    private static final Pattern SESSION =
            Pattern.compile("arn:aws:sts::(\\d{12}):assumed-role/([\\w+=,.@-]{1,64})/([\\w+=,.@-]{2,64})");
    /** A call is named the way a policy names it: service:Action. */
    private static final Pattern ACTION = Pattern.compile("([a-z0-9-]{2,32}):([A-Za-z0-9]{1,128})");
    private static final String REGION = "eu-west-1";
    private static final String USER_AGENT = "jita-local/try";
    private static final String SOURCE_IP = "127.0.0.1";

    private final Function<String, LocalIam> iamOfAccount;
    private final Clock clock;
    private final UnaryOperator<Map<String, Object>> cloudTrail;

    /**
     * @param iamOfAccount the account's IAM stand-in, or null for an account jita local does not have
     * @param cloudTrail   receives each call's event and answers what it did with it
     */
    public LocalCalls(Function<String, LocalIam> iamOfAccount, Clock clock,
                      UnaryOperator<Map<String, Object>> cloudTrail) {
        this.iamOfAccount = Objects.requireNonNull(iamOfAccount, "iamOfAccount");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cloudTrail = Objects.requireNonNull(cloudTrail, "cloudTrail");
    }

    /**
     * @param allowed   whether IAM allowed the call
     * @param errorCode null when allowed, else the service's refusal ({@code AccessDenied}, EC2's
     *                  {@code Client.UnauthorizedOperation})
     * @param message   IAM's words for a refusal; null when allowed
     * @param event     the CloudTrail event recorded for the call
     * @param recorded  what the receiver of the event answered
     */
    public record Attempt(boolean allowed, String errorCode, String message, Instant at, Map<String, Object> event,
                          Map<String, Object> recorded) {
    }

    /**
     * @throws IllegalArgumentException when the session, the action or the account is not one this can try, saying
     *                                  which
     */
    public Attempt attempt(String sessionArn, String action, String resource) {
        Matcher session = SESSION.matcher(sessionArn == null ? "" : sessionArn.strip());
        if (!session.matches()) {
            throw new IllegalArgumentException("the session must be an assumed-role session ARN,"
                    + " arn:aws:sts::<account>:assumed-role/<role>/<session>");
        }
        Matcher act = ACTION.matcher(action == null ? "" : action.strip());
        if (!act.matches()) {
            throw new IllegalArgumentException("the action must be service:Action, e.g. ec2:TerminateInstances");
        }
        if (resource == null || resource.isBlank() || resource.length() > 2048) {
            throw new IllegalArgumentException("name the resource, e.g. an instance ARN");
        }
        LocalIam iam = iamOfAccount.apply(session.group(1));
        if (iam == null) {
            throw new IllegalArgumentException("jita local has no account " + session.group(1));
        }
        IamRole role = iam.getRole(session.group(2));
        Instant now = clock.instant();
        PolicyEvaluation.Call call = iam.call(role, session.group(3), act.group(0), resource.strip(), now);
        PolicyEvaluation.Decision decision = iam.evaluate(role.roleName(), session.group(3), call.action(),
                call.resource(), now);
        String errorCode = decision.allowed() ? null
                : "ec2".equals(act.group(1)) ? "Client.UnauthorizedOperation" : "AccessDenied";
        String message = decision.allowed() ? null : PolicyEvaluation.denialMessage(decision, call);
        Map<String, Object> event = event(iam.accountId(), role, call, act.group(1), act.group(2), errorCode,
                message);
        return new Attempt(decision.allowed(), errorCode, message, now, event, cloudTrail.apply(event));
    }

    /** The call as CloudTrail records it and EventBridge delivers it. */
    static Map<String, Object> event(String account, IamRole role, PolicyEvaluation.Call call, String service,
                                     String eventName, String errorCode, String message) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("type", "AssumedRole");
        identity.put("principalId", call.userId());
        identity.put("arn", call.principalArn());
        identity.put("accountId", account);
        identity.put("sessionContext", Map.of("sessionIssuer", Map.of("type", "Role", "principalId", role.roleId(),
                "arn", role.arn(), "accountId", account, "userName", role.roleName())));
        String eventId = UUID.randomUUID().toString();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("eventVersion", "1.09");
        detail.put("userIdentity", identity);
        detail.put("eventTime", call.now().toString());
        detail.put("eventSource", service + ".amazonaws.com");
        detail.put("eventName", eventName);
        detail.put("awsRegion", REGION);
        detail.put("sourceIPAddress", SOURCE_IP);
        detail.put("userAgent", USER_AGENT);
        if (errorCode != null) {
            detail.put("errorCode", errorCode);
            detail.put("errorMessage", message);
        }
        detail.put("resources", List.of(Map.of("ARN", call.resource(), "accountId", account)));
        detail.put("eventID", eventId);
        detail.put("eventType", "AwsApiCall");
        detail.put("managementEvent", true);
        detail.put("recipientAccountId", account);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "AWS API Call via CloudTrail");
        event.put("source", "aws." + service);
        event.put("account", account);
        event.put("time", call.now().toString());
        event.put("region", REGION);
        event.put("resources", List.of());
        event.put("detail", detail);
        return event;
    }
}
