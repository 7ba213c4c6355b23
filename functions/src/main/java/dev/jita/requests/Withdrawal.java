package dev.jita.requests;

import dev.jita.domain.Status;
import dev.jita.store.StoredRequest;
import java.util.Objects;

/**
 * What {@link Withdrawals#cancel} or {@link Withdrawals#revoke} came to. {@link EngineerRoutes} turns each case into
 * its answer (the status is noted on each); nothing here knows HTTP.
 */
public sealed interface Withdrawal {

    /** The two withdrawals, for the cases whose answer names which was asked. */
    enum Kind { CANCEL, REVOKE }

    /** One method per case, so that the compiler checks every case is answered (Java 17 has no type switch). */
    interface Cases<R> {
        R done(Done done);

        R notFound(NotFound notFound);

        R notYours(NotYours notYours);

        R notPending(NotPending notPending);

        R notGranted(NotGranted notGranted);

        R noGrantNow(NoGrantNow noGrantNow);

        R workflowNotTold(WorkflowNotTold workflowNotTold);
    }

    <R> R match(Cases<R> cases);

    /** 200: cancelled or revoked, now or before (asking again for what is done is no error). */
    record Done(StoredRequest request) implements Withdrawal {
        public Done {
            Objects.requireNonNull(request, "request");
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.done(this);
        }
    }

    /** 404: no such request, or none the caller may see: the same answer, so ids cannot be probed. */
    record NotFound(String requestId) implements Withdrawal {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.notFound(this);
        }
    }

    /** 403: the caller may see the request but not do this: cancel is the requester's, revoke also an admin's. */
    record NotYours(String requestId, Kind asked) implements Withdrawal {
        public NotYours {
            Objects.requireNonNull(asked, "asked");
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.notYours(this);
        }
    }

    /** 409: a cancel of a request that was decided already. */
    record NotPending(String requestId, Status status) implements Withdrawal {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.notPending(this);
        }
    }

    /**
     * 409: a revoke of a request without a grant: still pending approval, or ended (DENIED, TIMED_OUT, CANCELLED,
     * FAILED) without one.
     */
    record NotGranted(String requestId, Status status) implements Withdrawal {
        public NotGranted {
            Objects.requireNonNull(status, "status");
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.notGranted(this);
        }
    }

    /** 409: the revoke found no grant to end when it looked again, though the check before it did: a race. */
    record NoGrantNow(String requestId) implements Withdrawal {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.noGrantNow(this);
        }
    }

    /** 503: cancelled, but the waiting workflow could not be told; cancelling again finishes it. */
    record WorkflowNotTold(String requestId) implements Withdrawal {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.workflowNotTold(this);
        }
    }
}
