package dev.jita.notifications;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** What a notification says beyond the request's facts. Only {@link DecisionNeeded} carries a link. */
public sealed interface Message {

    Kind kind();

    /**
     * Please decide, through this approver's own link to the confirm page.
     *
     * @param link the confirm page URL with the approver's token: a credential, sent to that approver only
     */
    record DecisionNeeded(URI link, Instant linkExpiresAt) implements Message {
        public DecisionNeeded {
            Objects.requireNonNull(link, "link");
            Objects.requireNonNull(linkExpiresAt, "linkExpiresAt");
            String scheme = link.getScheme() == null ? "" : link.getScheme().toLowerCase(Locale.ROOT);
            if (!link.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || link.getHost() == null) {
                throw new IllegalArgumentException("An approval link must be an absolute http(s) URL; check the configured base URL.");
            }
        }

        @Override
        public Kind kind() {
            return Kind.DECISION_NEEDED;
        }

        /** Leaves the link out: it is a credential and a notification gets logged. */
        @Override
        public String toString() {
            return "DecisionNeeded[link=<redacted>, linkExpiresAt=" + linkExpiresAt + "]";
        }
    }

    /**
     * The request is decided: approved with these approvers, or denied by this one.
     *
     * @param by approver ids, in the order they decided
     */
    record Decided(boolean approved, List<String> by) implements Message {
        public Decided {
            by = List.copyOf(by);
        }

        @Override
        public Kind kind() {
            return approved ? Kind.APPROVED : Kind.DENIED;
        }
    }

    /** Nobody decided before the approval timeout; no access was granted. */
    record TimedOut() implements Message {
        @Override
        public Kind kind() {
            return Kind.TIMED_OUT;
        }
    }

    /**
     * Access was granted without approval because an incident rule allowed it.
     *
     * @param incidentId as the incident tool sent it (untrusted text)
     * @param severity   as the incident tool sent it (untrusted text)
     */
    record BreakGlass(String incidentId, String severity) implements Message {
        public BreakGlass {
            Objects.requireNonNull(incidentId, "incidentId");
            Objects.requireNonNull(severity, "severity");
        }

        @Override
        public Kind kind() {
            return Kind.BREAK_GLASS;
        }
    }

    /**
     * An Identity Center user's access is active (issue 14): told to the requester, the one message they get, since
     * they must sign in again and pick the request's permission set.
     *
     * @param permissionSet the permission set to choose in the access portal
     * @param account       the account to choose it in
     * @param until         the window's end
     */
    record AccessActive(String permissionSet, String account, Instant until) implements Message {
        public AccessActive {
            Objects.requireNonNull(permissionSet, "permissionSet");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(until, "until");
        }

        @Override
        public Kind kind() {
            return Kind.ACCESS_ACTIVE;
        }
    }

    /**
     * The grant was used for the first time, as CloudTrail recorded the call.
     *
     * @param by        the session that made the call (untrusted text, as CloudTrail sent it)
     * @param eventName the API call, e.g. {@code TerminateInstances}
     * @param resources the resources the event names; empty when it names none
     * @param errorCode the call's error, e.g. {@code AccessDenied}; empty when it succeeded
     */
    record FirstUse(String by, String eventName, String eventSource, List<String> resources, Instant at,
                    Optional<String> errorCode) implements Message {
        public FirstUse {
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(eventName, "eventName");
            Objects.requireNonNull(eventSource, "eventSource");
            resources = List.copyOf(resources);
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(errorCode, "errorCode");
        }

        @Override
        public Kind kind() {
            return Kind.FIRST_USE;
        }
    }
}
