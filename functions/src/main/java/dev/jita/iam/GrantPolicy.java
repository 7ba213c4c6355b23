package dev.jita.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.ActionGuard;
import dev.jita.domain.Arn;
import dev.jita.domain.InvalidArnException;
import dev.jita.domain.Requester;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The inline policy of one grant (design.md, "The grant"): one Allow statement with exactly the request's actions
 * and resources, alive only between notBefore and notAfter (aws:CurrentTime) and only for the requesting session
 * (aws:userid). Built with Jackson, never by concatenation, and refused if anything in it could widen it.
 *
 * @param roleName   the requester's role, where the policy goes
 * @param policyName {@code jita-<requestId>}
 * @param document   the policy JSON, compact
 */
public record GrantPolicy(String roleName, String policyName, String document) {

    public static final String POLICY_NAME_PREFIX = "jita-";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UNIQUE_ID = Pattern.compile("[A-Z0-9]{16,128}");
    /** STS RoleSessionName: 2..64 characters of [\w+=,.@-]. */
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    public GrantPolicy {
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(document, "document");
    }

    /**
     * Builds the policy for an approved request and its window.
     *
     * @throws GrantRefusedException if an action or resource carries a wildcard or variable, an action is on the
     *                               forbidden list, the window is empty, or the session identity is not well formed
     */
    public static GrantPolicy of(AccessRequest request, Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(request, "request");
        return build(request, notBefore, notAfter, Optional.of(checkedUserId(request.requester())),
                request.requester().roleName(), policyNameFor(request.requestId()));
    }

    /**
     * The inline policy of an Identity Center grant's permission set (issue 14): the same statement and the same
     * aws:CurrentTime bounds, so a session that outlives the assignment still loses the access at notAfter; without
     * aws:userid, since the role Identity Center provisions for the permission set (and so the session's user id)
     * does not exist yet. The permission set is assigned to the requesting user alone.
     *
     * @param permissionSetName where the policy goes; {@link #roleName()} and {@link #policyName()} both carry it
     */
    public static GrantPolicy forPermissionSet(AccessRequest request, Instant notBefore, Instant notAfter,
                                               String permissionSetName) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(permissionSetName, "permissionSetName");
        return build(request, notBefore, notAfter, Optional.empty(), permissionSetName, permissionSetName);
    }

    private static GrantPolicy build(AccessRequest request, Instant notBefore, Instant notAfter,
                                     Optional<String> userId, String holder, String policyName) {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        List<String> actions = checkedActions(request.actions());
        List<String> resources = checkedResources(request.resources());

        // IAM compares at second precision: start no earlier and end no later than approved.
        Instant start = notBefore.truncatedTo(ChronoUnit.SECONDS);
        if (start.isBefore(notBefore)) {
            start = start.plusSeconds(1);
        }
        Instant end = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (!start.isBefore(end)) {
            throw new GrantRefusedException("The grant window " + notBefore + " to " + notAfter
                    + " is empty at second precision; approve a window of at least one second.");
        }

        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        ObjectNode statement = policy.putArray("Statement").addObject();
        statement.put("Sid", sidFor(request.requestId()));
        statement.put("Effect", "Allow");
        ArrayNode actionArray = statement.putArray("Action");
        actions.forEach(actionArray::add);
        ArrayNode resourceArray = statement.putArray("Resource");
        resources.forEach(resourceArray::add);
        ObjectNode condition = statement.putObject("Condition");
        condition.putObject("DateGreaterThan").put("aws:CurrentTime", iso(start));
        condition.putObject("DateLessThan").put("aws:CurrentTime", iso(end));
        userId.ifPresent(id -> condition.putObject("StringEquals").put("aws:userid", id));
        try {
            return new GrantPolicy(holder, policyName, JSON.writeValueAsString(policy));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise a policy built from a tree", e);
        }
    }

    /** {@code jita-<requestId>}, checked against IAM's policy-name rules. */
    public static String policyNameFor(String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        String name = POLICY_NAME_PREFIX + requestId;
        IamNames.whyPolicyNameRefused(name).ifPresent(why -> {
            throw new GrantRefusedException(why);
        });
        return name;
    }

    /** The request id of a jita policy name, empty for any other policy (the sweeper leaves those alone). */
    public static Optional<String> requestIdOf(String policyName) {
        if (policyName == null || !policyName.startsWith(POLICY_NAME_PREFIX)
                || policyName.length() == POLICY_NAME_PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(policyName.substring(POLICY_NAME_PREFIX.length()));
    }

    /** Statement ids allow only letters and digits. */
    static String sidFor(String requestId) {
        return "Jita" + requestId.replaceAll("[^A-Za-z0-9]", "");
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static List<String> checkedActions(List<String> actions) {
        if (actions.isEmpty()) {
            throw new GrantRefusedException("A grant needs at least one action.");
        }
        for (String action : actions) {
            // The same guard intake used, checked again right before IAM (defence in depth).
            ActionGuard.refusal(action).ifPresent(refusal -> {
                throw new GrantRefusedException(refusal.message());
            });
        }
        return List.copyOf(new LinkedHashSet<>(actions));
    }

    private static List<String> checkedResources(List<String> resources) {
        if (resources.isEmpty()) {
            throw new GrantRefusedException("A grant needs at least one resource.");
        }
        for (String arn : resources) {
            try {
                Arn.parse(arn); // refuses '*', '?', '$', malformed and oversized ARNs
            } catch (InvalidArnException e) {
                throw new GrantRefusedException(e.getMessage());
            }
        }
        return List.copyOf(new LinkedHashSet<>(resources));
    }

    private static String checkedUserId(Requester requester) {
        String userId = requester.userId();
        String session = requester.sessionName();
        int colon = userId.indexOf(':');
        boolean wellFormed = colon > 0
                && UNIQUE_ID.matcher(userId.substring(0, colon)).matches()
                && userId.substring(colon + 1).equals(session)
                && SESSION_NAME.matcher(session).matches();
        if (!wellFormed) {
            throw new GrantRefusedException("The requester's aws:userid '" + userId
                    + "' is not <roleUniqueId>:<sessionName> for session '" + session
                    + "'; request again from an assumed-role session.");
        }
        return userId;
    }
}
