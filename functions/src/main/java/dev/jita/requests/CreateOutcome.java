package dev.jita.requests;

import dev.jita.domain.Reason;
import dev.jita.domain.Rule;
import dev.jita.store.Caps;
import dev.jita.store.StoredRequest;
import java.util.List;
import java.util.Objects;

/**
 * What {@link CreateRequests#create} came to. {@link EngineerRoutes} turns each case into its answer (the status
 * is noted on each); nothing here knows HTTP.
 */
public sealed interface CreateOutcome {

    /**
     * One method per case. Java 17 has no switch over types, so this is how the compiler checks that every case is
     * answered: a new case does not compile until each {@code Cases} says what it means.
     */
    interface Cases<R> {
        R accepted(Accepted accepted);

        R invalid(Invalid invalid);

        R refused(Refused refused);

        R keyReused(KeyReused keyReused);

        R ruleRemoved(RuleRemoved ruleRemoved);

        R tooMany(TooMany tooMany);

        R notStarted(NotStarted notStarted);

        R unavailable(Unavailable unavailable);
    }

    <R> R match(Cases<R> cases);

    /**
     * 202: stored (or found again through its Idempotency-Key), approved on arrival if its rule says so, workflow
     * started.
     *
     * @param approverIds who will be asked (ids only), empty for an auto-approved request
     * @param replay      true when an Idempotency-Key led back to an earlier request
     */
    record Accepted(StoredRequest request, Rule rule, List<String> approverIds, boolean replay)
            implements CreateOutcome {
        public Accepted {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(rule, "rule");
            approverIds = List.copyOf(approverIds);
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.accepted(this);
        }
    }

    /**
     * 400: the request cannot be made as asked (a malformed Idempotency-Key, a grant that could not be written or
     * would be too large); nothing was stored.
     *
     * @param reason the code clients switch on, e.g. {@code policy-too-large}
     * @param detail one sentence: what was wrong and what to do
     */
    record Invalid(String reason, String detail) implements CreateOutcome {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.invalid(this);
        }
    }

    /** 403: the rules do not allow it; the refusal is in the audit trail. */
    record Refused(Reason reason, String detail) implements CreateOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.refused(this);
        }
    }

    /** 409: the Idempotency-Key was used before with another body. */
    record KeyReused() implements CreateOutcome {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.keyReused(this);
        }
    }

    /** 409: the Idempotency-Key led back to a request whose rule has since left the rules file. */
    record RuleRemoved(String requestId) implements CreateOutcome {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.ruleRemoved(this);
        }
    }

    /** 429: the requester's role is at one of its {@link Caps} (all its sessions together); nothing was stored. */
    record TooMany(Caps.Kind kind, String roleName, int limit) implements CreateOutcome {
        public TooMany {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(roleName, "roleName");
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.tooMany(this);
        }
    }

    /** 503: stored, but its workflow did not start; the same POST with the same Idempotency-Key finishes it. */
    record NotStarted(String requestId) implements CreateOutcome {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.notStarted(this);
        }
    }

    /** 503: the workflow did not start and, without an Idempotency-Key, the request was ended: nothing requested. */
    record Unavailable(String requestId) implements CreateOutcome {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.unavailable(this);
        }
    }
}
