package dev.jita.approvals;

import dev.jita.domain.Decision;
import dev.jita.domain.Status;
import dev.jita.facts.RequestFacts;
import dev.jita.http.HttpResponse;
import dev.jita.pages.ApprovalPages;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What an approval link led to, and the page that says so (design.md, "Approver routes"). */
public sealed interface ApprovalOutcome {

    /** The answer to the approver's browser; HEAD drops the body. */
    HttpResponse page();

    /** 200: the confirm page of GET and HEAD, with the form's CSRF token. */
    record Confirm(RequestFacts facts, String approverId, Instant linkExpiresAt, String csrf)
            implements ApprovalOutcome {
        public Confirm {
            Objects.requireNonNull(facts, "facts");
            Objects.requireNonNull(approverId, "approverId");
            Objects.requireNonNull(linkExpiresAt, "linkExpiresAt");
            Objects.requireNonNull(csrf, "csrf");
        }

        @Override
        public HttpResponse page() {
            return ApprovalPages.confirm(facts, approverId, linkExpiresAt, csrf);
        }

        /** Leaves the CSRF token out: it is bound to a live link. */
        @Override
        public String toString() {
            return "Confirm[request=" + facts.requestId() + ", approver=" + approverId + "]";
        }
    }

    /** 200: the decision was recorded; {@code now} is where the request stands after it. */
    record Recorded(Decision decision, Status now, int approvalsSoFar, int approvalsRequired)
            implements ApprovalOutcome {
        @Override
        public HttpResponse page() {
            return ApprovalPages.recorded(decision, now, approvalsSoFar, approvalsRequired);
        }
    }

    /** 409: this approver's decision is already on record. */
    record AlreadyDecided(Optional<Status> now) implements ApprovalOutcome {
        @Override
        public HttpResponse page() {
            return ApprovalPages.alreadyDecided(now);
        }
    }

    /** 410: the request no longer waits for decisions, or the workflow stopped waiting (a late approval). */
    record NoLongerPending(Optional<Status> now) implements ApprovalOutcome {
        @Override
        public HttpResponse page() {
            return ApprovalPages.noLongerPending(now);
        }
    }

    /** 403: a genuine link whose holder may not decide. */
    record Refused(ApprovalPages.Refusal refusal) implements ApprovalOutcome {
        @Override
        public HttpResponse page() {
            return ApprovalPages.refused(refusal);
        }
    }

    /** 404: the one generic answer to any bad link or form, the same bytes whatever the reason. */
    record InvalidLink() implements ApprovalOutcome {
        @Override
        public HttpResponse page() {
            return ApprovalPages.notFound();
        }
    }

    /** 503: the approval is recorded but the workflow could not be told; opening the link again re-sends it. */
    record NotPassedOn() implements ApprovalOutcome {
        @Override
        public HttpResponse page() {
            return ApprovalPages.approvalNotPassedOn();
        }
    }

    /** 503: the link could not be checked or the decision not completed now; nothing was changed. */
    record Unavailable() implements ApprovalOutcome {
        @Override
        public HttpResponse page() {
            return ApprovalPages.unavailable();
        }
    }
}
