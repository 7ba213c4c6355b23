package dev.jita.activity;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an EventBridge "AWS API Call via CloudTrail" event. Only calls made by an assumed role's session (an IAM role
 * or an Identity Center user's AWSReservedSSO_* role) can be a grant's; any other caller is empty. The target
 * accounts forward these events, so each value is checked and bounded before it can reach an audit entry.
 */
public final class CloudTrailCalls {
    static final String DETAIL_TYPE = "AWS API Call via CloudTrail";
    /** Most resources kept per call, and longest value kept: an entry stays small whatever the call named. */
    static final int MAX_RESOURCES = 10;
    static final int MAX_CHARS = 256;
    static final String TRUNCATED = "...";

    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern SESSION_ARN =
            Pattern.compile("arn:aws[a-z-]*:sts::(\\d{12}):assumed-role/[\\w+=,.@-]{1,64}/[\\w+=,.@-]{2,64}");
    /** A role ARN with its path, as sessionIssuer.arn carries it. */
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/(?:[\\w+=,.@-]{1,64}/){0,16}[\\w+=,.@-]{1,64}");
    private static final Pattern PRINCIPAL_ID = Pattern.compile("[A-Z0-9]{16,128}:[\\w+=,.@-]{2,64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9.:_-]{1,128}");
    /** requestParameters fields that name what the call acted on, when the event has no resources list. */
    private static final List<String> RESOURCE_FIELDS = List.of("arn", "id", "ids", "name", "identifier");

    private CloudTrailCalls() {
    }

    /**
     * @return the call, or empty when it was not made by an assumed role's session
     * @throws CloudTrailEventException when the event is no CloudTrail API call or lacks what one always has
     */
    public static Optional<CloudTrailCall> parse(JsonNode event) {
        if (!DETAIL_TYPE.equals(event.path("detail-type").asText())) {
            throw new CloudTrailEventException("not a CloudTrail API call: detail-type is '"
                    + bounded(event.path("detail-type").asText("")) + "'");
        }
        JsonNode detail = event.path("detail");
        JsonNode identity = detail.path("userIdentity");
        if (!"AssumedRole".equals(identity.path("type").asText())) {
            return Optional.empty();
        }
        String eventId = required(detail, "eventID", EVENT_ID);
        String sessionArn = required(identity, "arn", SESSION_ARN);
        String principalId = required(identity, "principalId", PRINCIPAL_ID);
        String account = identity.hasNonNull("accountId") ? required(identity, "accountId", ACCOUNT)
                : required(event, "account", ACCOUNT);
        String arnAccount = sessionArn.split(":", 6)[4];
        if (!arnAccount.equals(account)) {
            throw new CloudTrailEventException("the session ARN's account " + arnAccount
                    + " is not the caller's account " + account);
        }
        // The session name is both in the ARN and in the principal id; they must agree.
        String session = sessionArn.substring(sessionArn.lastIndexOf('/') + 1);
        if (!principalId.endsWith(":" + session)) {
            throw new CloudTrailEventException("the principal id names another session than the ARN");
        }
        Instant eventTime;
        try {
            eventTime = Instant.parse(detail.path("eventTime").asText());
        } catch (DateTimeParseException e) {
            throw new CloudTrailEventException("eventTime is not an ISO-8601 instant");
        }
        String errorCode = detail.hasNonNull("errorCode") ? bounded(detail.get("errorCode").asText()) : null;
        // Only read, never required: what it says is checked where it matters (an Identity Center grant's use).
        String roleArn = identity.path("sessionContext").path("sessionIssuer").path("arn").asText(null);
        if (roleArn != null && (roleArn.length() > 2048 || !ROLE_ARN.matcher(roleArn).matches())) {
            roleArn = null;
        }
        return Optional.of(new CloudTrailCall(eventId, eventTime, account, sessionArn, principalId, roleArn,
                required(detail, "eventName", NAME), required(detail, "eventSource", NAME), resources(detail),
                optional(detail, "sourceIPAddress"), optional(detail, "userAgent"), errorCode));
    }

    /** The ARNs of {@code resources}, else the ids and names in {@code requestParameters}; at most a few. */
    static List<String> resources(JsonNode detail) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode resource : detail.path("resources")) {
            String arn = resource.hasNonNull("ARN") ? resource.get("ARN").asText() : resource.path("arn").asText(null);
            if (arn != null && !arn.isBlank()) {
                out.add(bounded(arn));
            }
        }
        if (out.isEmpty()) {
            collect(detail.path("requestParameters"), null, out, 0);
        }
        return new ArrayList<>(out).subList(0, Math.min(out.size(), MAX_RESOURCES));
    }

    private static void collect(JsonNode node, String field, Set<String> out, int depth) {
        if (out.size() >= MAX_RESOURCES || depth > 5) {
            return;
        }
        if (node.isTextual() && field != null && namesResource(field) && !node.asText().isBlank()) {
            out.add(bounded(node.asText()));
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, field, out, depth + 1));
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                collect(f.getValue(), f.getKey(), out, depth + 1);
            }
        }
    }

    private static boolean namesResource(String field) {
        String lower = field.toLowerCase(Locale.ROOT);
        return RESOURCE_FIELDS.stream().anyMatch(lower::endsWith);
    }

    private static String required(JsonNode node, String field, Pattern shape) {
        String value = node.path(field).asText(null);
        if (value == null || !shape.matcher(value).matches()) {
            throw new CloudTrailEventException("the event's " + field + " is missing or malformed");
        }
        return value;
    }

    private static String optional(JsonNode node, String field) {
        return node.hasNonNull(field) ? bounded(node.get(field).asText()) : null;
    }

    static String bounded(String value) {
        if (value.length() <= MAX_CHARS) {
            return value;
        }
        int keep = MAX_CHARS - TRUNCATED.length();
        if (Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--;
        }
        return value.substring(0, keep) + TRUNCATED;
    }
}
