package dev.jita.asl;

/** A waitForTaskToken task, open until a result, a failure, a timeout or the end of its execution closes it. */
final class TaskWait {
    final String token;
    final Execution execution;
    final Execution.Run run;
    final int generation;
    final StateDef.Task state;
    /** Guarded by the execution's lock. */
    boolean closed;
    Scheduler.Timer heartbeatTimer;
    long heartbeatSeconds;

    TaskWait(String token, Execution execution, Execution.Run run, int generation, StateDef.Task state) {
        this.token = token;
        this.execution = execution;
        this.run = run;
        this.generation = generation;
        this.state = state;
    }
}
