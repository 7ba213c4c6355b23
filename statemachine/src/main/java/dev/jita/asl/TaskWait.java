package dev.jita.asl;

/** A waitForTaskToken task, open until a result, a failure, a timeout or the end of its execution closes it. */
final class TaskWait {
    final String token;
    final TaskInvocation tasks;
    final Run run;
    final int generation;
    final StateDef.Task state;
    /** Guarded by the execution's lock. */
    boolean closed;
    Scheduler.Timer heartbeatTimer;
    long heartbeatSeconds;

    TaskWait(String token, TaskInvocation tasks, Run run, int generation, StateDef.Task state) {
        this.token = token;
        this.tasks = tasks;
        this.run = run;
        this.generation = generation;
        this.state = state;
    }
}
