package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An execution's history: events numbered from 1, each pointing at the event it follows in its own Run (a Parallel
 * branch or Map iteration has its own chain), as AWS's previousEventId does. Guarded by the execution's lock.
 */
final class ExecutionHistory {
    /** AWS's quota of history events per execution. */
    static final int MAX_EVENTS = 25_000;

    private final Scheduler scheduler;
    private final ArrayList<HistoryEvent> events = new ArrayList<>();
    private long lastEventId;

    ExecutionHistory(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** True when only the event that fails the execution still fits. */
    boolean full() {
        return events.size() >= MAX_EVENTS - 1;
    }

    long lastEventId() {
        return lastEventId;
    }

    /** Appends an event after {@code run}'s latest one (after the execution's latest when run is null). */
    long append(Run run, HistoryEventType type, String stateName, JsonNode in, JsonNode out, String err, String why,
                String resource, int index) {
        long id = events.size() + 1L;
        long previous = run == null ? lastEventId : run.lastEventId;
        events.add(new HistoryEvent(id, previous, scheduler.now(), type, stateName, in, out, err, why, resource,
                index));
        lastEventId = id;
        if (run != null) {
            run.lastEventId = id;
        }
        return id;
    }

    List<HistoryEvent> copy() {
        return List.copyOf(events);
    }
}
