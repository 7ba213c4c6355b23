package dev.jita.approvals;

/**
 * Too few approvers could be told for the request ever to be approved (rule gone, too few eligible approvers,
 * every channel failed). The workflow catches it and ends the request FAILED; its message names approver ids
 * and channels only, never a link.
 */
public final class NotifyFailedException extends RuntimeException {
    public NotifyFailedException(String message) {
        super(message);
    }
}
