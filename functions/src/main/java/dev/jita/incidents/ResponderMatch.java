package dev.jita.incidents;

import dev.jita.domain.Requester;
import dev.jita.domain.Rule;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a responder an incident names is matched to a requester (events/incident/README.md, "Responders").
 *
 * <p>A responder's identities are its id as the tool sent it and, if the responder aliases list that id, the
 * identity it maps to. A requester is that responder when one identity
 * <ul>
 *   <li>equals the requester's principal ARN ({@code arn:aws:sts::A:assumed-role/ROLE/SESSION}), or</li>
 *   <li>equals the requester's session name, ignoring case: SSO sessions are named after the person's user name or
 *       e-mail, which is what incident tools know people by.</li>
 * </ul>
 * Nothing looser (no e-mail local parts, no display names): a false match opens access to the wrong person.
 */
public final class ResponderMatch {

    private final Map<String, String> aliases;

    public ResponderMatch(Map<String, String> aliases) {
        this.aliases = Map.copyOf(Objects.requireNonNull(aliases, "aliases"));
    }

    public Set<String> identities(Responder responder) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(responder.id());
        String alias = aliases.get(responder.id());
        if (alias != null) {
            ids.add(alias);
        }
        return ids;
    }

    public boolean matches(Responder responder, Requester requester) {
        for (String id : identities(responder)) {
            if (id.equals(requester.arn()) || id.equalsIgnoreCase(requester.sessionName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The principal ARNs this responder may have asked from, under these rules: the ARN itself when an identity is
     * one, else a session named after the identity (as given and in lower case) of every role the rules let
     * request. A role pattern with a wildcard cannot be listed; its requesters are found only by principal ARN.
     */
    public Set<String> principalArns(Responder responder, Collection<Rule> rules) {
        Set<String> arns = new LinkedHashSet<>();
        for (String id : identities(responder)) {
            if (id.startsWith("arn:")) {
                arns.add(id);
                continue;
            }
            for (Rule rule : rules) {
                for (String role : rule.requesters()) {
                    sessionArn(role, id).ifPresent(arns::add);
                    sessionArn(role, id.toLowerCase(Locale.ROOT)).ifPresent(arns::add);
                }
            }
        }
        return arns;
    }

    /** {@code arn:P:iam::A:role/R} and a session name to {@code arn:P:sts::A:assumed-role/R/SESSION}. */
    private static java.util.Optional<String> sessionArn(String roleArn, String session) {
        String[] parts = roleArn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("iam") || !parts[5].startsWith("role/")
                || roleArn.contains("*") || roleArn.contains("?")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("arn:" + parts[1] + ":sts::" + parts[4] + ":assumed-role/"
                + parts[5].substring("role/".length()) + "/" + session);
    }
}
