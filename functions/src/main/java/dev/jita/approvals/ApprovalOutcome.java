package dev.jita.approvals;

import dev.jita.domain.Decision;
import dev.jita.domain.Status;
import dev.jita.facts.RequestFacts;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an approval link led to (design.md, "Approver routes"); {@code pages/ApprovalPages.of} is the one place that
 * turns it into the page that says so.
 */
public sealed interface ApprovalOutcome {

    /** 200: the confirm page of GET and HEAD, with the form's CSRF token. */
    record Confirm(RequestFacts facts, String approverId, Instant linkExpiresAt, String csrf)
            implements ApprovalOutcome {
        public Confirm {
            Objects.requireNonNull(facts, "facts");
            Objects.requireNonNull(approverId, "approverId");
            Objects.requireNonNull(linkExpiresAt, "linkExpiresAt");
            Objects.requireNonNull(csrf, "csrf");
        }

        /** Leaves the CSRF token out: it is bound to a live link. */
        @Override
        public String toString() {
            return "Confirm[request=" + facts.requestId() + ", approver=" + approverId + "]";
        }
    }

    /** 200: the decision was recorded; {@code now} is where the request stands after it. */
    record Recorded(Decision decision, Status now, int approvalsSoFar, int approvalsRequired)
            implements ApprovalOutcome {    }

    /** 409: this approver's decision is already on record. */
    record AlreadyDecided(Optional<Status> now) implements ApprovalOutcome {    }

    /** 410: the request no longer waits for decisions, or the workflow stopped waiting (a late approval). */
    record NoLongerPending(Optional<Status> now) implements ApprovalOutcome {    }

    /** 403: a genuine link whose holder may not decide. */
    record Refused(Refusal refusal) implements ApprovalOutcome {    }

    /** 404: the one generic answer to any bad link or form, the same bytes whatever the reason. */
    record InvalidLink() implements ApprovalOutcome {    }

    /** 503: the approval is recorded but the workflow could not be told; opening the link again re-sends it. */
    record NotPassedOn() implements ApprovalOutcome {    }

    /** 503: the link could not be checked or the decision not completed now; nothing was changed. */
    record Unavailable() implements ApprovalOutcome {    }
}
