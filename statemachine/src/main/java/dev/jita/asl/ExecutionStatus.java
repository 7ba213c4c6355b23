package dev.jita.asl;

/** Step Functions' execution statuses. */
public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED
}
