package dev.jita.asl;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual time: nothing runs and time never moves until the caller drains the queue or advances to the next timer.
 * Other threads may enqueue work (SendTaskSuccess from a web thread); it runs at the next drain.
 */
final class VirtualScheduler implements Scheduler {

    private static final class Entry implements Timer, Comparable<Entry> {
        final Instant at;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Entry(Instant at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Entry o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Entry> timers = new PriorityQueue<>();
    private final ReentrantLock drainLock = new ReentrantLock();
    private volatile Instant now;
    private long seq;

    VirtualScheduler(Instant start) {
        this.now = start;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(task);
    }

    @Override
    public Timer schedule(Instant at, Runnable task) {
        synchronized (timers) {
            Entry e = new Entry(at, seq++, task);
            timers.add(e);
            return e;
        }
    }

    @Override
    public boolean inline() {
        return true;
    }

    @Override
    public void sleep(Duration duration) {
        throw new IllegalStateException("virtual time does not sleep threads");
    }

    /** Runs queued work until none is left. */
    void runUntilIdle() {
        drainLock.lock();
        try {
            Runnable r;
            while ((r = queue.poll()) != null) {
                r.run();
            }
        } finally {
            drainLock.unlock();
        }
    }

    /** Drains, then moves time to the earliest timer, runs every timer due then and drains again. */
    boolean advanceToNextTimer() {
        drainLock.lock();
        try {
            runUntilIdle();
            Entry first = pollLive(null);
            if (first == null) {
                return false;
            }
            if (first.at.isAfter(now)) {
                now = first.at;
            }
            first.task.run();
            runUntilIdle();
            Entry next;
            while ((next = pollLive(now)) != null) {
                next.task.run();
                runUntilIdle();
            }
            return true;
        } finally {
            drainLock.unlock();
        }
    }

    /** The time of the earliest live timer, or null. */
    Instant nextTimer() {
        synchronized (timers) {
            Entry e;
            while ((e = timers.peek()) != null && e.cancelled) {
                timers.poll();
            }
            return e == null ? null : e.at;
        }
    }

    private Entry pollLive(Instant notAfter) {
        synchronized (timers) {
            Entry e;
            while ((e = timers.peek()) != null) {
                if (e.cancelled) {
                    timers.poll();
                    continue;
                }
                if (notAfter != null && e.at.isAfter(notAfter)) {
                    return null;
                }
                return timers.poll();
            }
            return null;
        }
    }

    @Override
    public void close() {
        queue.clear();
        synchronized (timers) {
            timers.clear();
        }
    }
}
