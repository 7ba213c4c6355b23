package dev.jita.asl;

/** Step Functions' history event types, by their AWS names (those this interpreter records). */
public enum HistoryEventType {
    ExecutionStarted, ExecutionSucceeded, ExecutionFailed, ExecutionAborted, ExecutionTimedOut,
    PassStateEntered, PassStateExited,
    TaskStateEntered, TaskStateExited, TaskStateAborted,
    ChoiceStateEntered, ChoiceStateExited,
    WaitStateEntered, WaitStateExited, WaitStateAborted,
    SucceedStateEntered, SucceedStateExited,
    FailStateEntered,
    ParallelStateEntered, ParallelStateStarted, ParallelStateSucceeded, ParallelStateFailed, ParallelStateAborted,
    ParallelStateExited,
    MapStateEntered, MapStateStarted, MapIterationStarted, MapIterationSucceeded, MapIterationFailed,
    MapIterationAborted, MapStateSucceeded, MapStateFailed, MapStateAborted, MapStateExited,
    LambdaFunctionScheduled, LambdaFunctionStarted, LambdaFunctionSucceeded, LambdaFunctionFailed,
    LambdaFunctionTimedOut,
    TaskScheduled, TaskStarted, TaskSubmitted, TaskSucceeded, TaskFailed, TaskTimedOut;

    /** True for the {@code *StateEntered} types. */
    public boolean isStateEntered() {
        return name().endsWith("StateEntered");
    }

    /** True for the {@code *StateExited} types. */
    public boolean isStateExited() {
        return name().endsWith("StateExited");
    }
}
