package dev.jita.approvals;

/**
 * The approval is recorded (APPROVED or SCHEDULED) but the workflow could not be told, even after retries: the
 * approver's next POST re-sends the window, and if the wait times out first the TimedOut step ends the request
 * FAILED. Carries no task token.
 */
public final class HandoffFailedException extends RuntimeException {
    public HandoffFailedException(String requestId, RuntimeException cause) {
        super("request " + requestId + ": the approval is recorded but the workflow could not be told ("
                + cause.getClass().getSimpleName() + ")", cause);
    }
}
