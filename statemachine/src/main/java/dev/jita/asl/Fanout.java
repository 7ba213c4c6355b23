package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.asl.Run.Phase;
import dev.jita.asl.data.Json;
import dev.jita.asl.data.Path;

/**
 * The children of a running Parallel or Map state: starts them as MaxConcurrency allows, keeps their results in
 * order, and ends the state when every child has ended or one failed beyond what the Map tolerates. Guarded by the
 * execution's lock.
 */
final class Fanout {
    private final Execution execution;
    final Run owner;
    final int generation;
    final StateDef state;
    final JsonNode items;
    final JsonNode mapInput;
    final Run[] children;
    final JsonNode[] results;
    final int total;
    int next;
    int active;
    int remaining;
    int failed;
    int maxConcurrency;
    long toleratedCount = -1;
    double toleratedPercentage = -1;
    boolean launching;
    boolean finished;
    /** Children started together at the state's start; a failure among them lets the others start too. */
    int firstWave;
    StatesError deferredFailure;

    private Fanout(Run owner, StateDef state, JsonNode items, JsonNode mapInput, int total) {
        this.execution = owner.execution;
        this.owner = owner;
        this.generation = owner.generation;
        this.state = state;
        this.items = items;
        this.mapInput = mapInput;
        this.total = total;
        this.remaining = total;
        this.children = new Run[total];
        this.results = new JsonNode[total];
    }

    private boolean isMap() {
        return state.kind == StateDef.Kind.MAP;
    }

    static void startParallel(Run run, StateDef.Parallel s, JsonNode effective) {
        int n = s.branches.size();
        Fanout f = new Fanout(run, s, null, effective, n);
        run.fanout = f;
        run.phase = Phase.WAITING;
        run.execution.record(run, HistoryEventType.ParallelStateStarted, null, null, null, null, null, null, -1);
        f.firstWave = n;
        f.launch();
    }

    static void startMap(Run run, StateDef.Map s, JsonNode in) {
        JsonNode items = in;
        if (s.itemsPath != null) {
            items = s.itemsPath.read(in, run.contextIf(s.itemsPath.isContext()));
        }
        if (!items.isArray()) {
            throw new StatesError("States.Runtime", "State '" + s.name + "': ItemsPath '"
                    + (s.itemsPath == null ? "$" : s.itemsPath.text()) + "' must select an array, but selected "
                    + items.getNodeType().name().toLowerCase() + " " + abbreviate(items));
        }
        Fanout f = new Fanout(run, s, items, in, items.size());
        f.maxConcurrency = s.maxConcurrencyPath != null
                ? (int) Math.min(Integer.MAX_VALUE, run.wholeNumber(s.maxConcurrencyPath, in, "MaxConcurrencyPath", 0))
                : s.maxConcurrency == null ? 0 : s.maxConcurrency;
        if (s.toleratedFailureCount != null) {
            f.toleratedCount = s.toleratedFailureCount;
        } else if (s.toleratedFailureCountPath != null) {
            f.toleratedCount = run.wholeNumber(s.toleratedFailureCountPath, in, "ToleratedFailureCountPath", 0);
        }
        if (s.toleratedFailurePercentage != null) {
            f.toleratedPercentage = s.toleratedFailurePercentage;
        } else if (s.toleratedFailurePercentagePath != null) {
            Path p = s.toleratedFailurePercentagePath;
            JsonNode v = p.read(in, run.contextIf(p.isContext()));
            if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 100) {
                throw new StatesError("States.Runtime", "The value of ToleratedFailurePercentagePath ('" + p.text()
                        + "') in state '" + s.name + "' must be a number from 0 to 100, but was " + v);
            }
            f.toleratedPercentage = v.asDouble();
        }
        run.fanout = f;
        run.phase = Phase.WAITING;
        run.execution.record(run, HistoryEventType.MapStateStarted, null, null, null, null, null, null, items.size());
        f.firstWave = f.maxConcurrency == 0 ? f.total : Math.min(f.total, f.maxConcurrency);
        f.launch();
    }

    private static String abbreviate(JsonNode v) {
        String t = v.toString();
        return t.length() > 100 ? t.substring(0, 100) + "..." : t;
    }

    /**
     * Starts children while concurrency allows; trampolined so that synchronous children do not nest frames. The
     * first wave (every branch, or up to MaxConcurrency items) starts at the same instant as on AWS: a child that
     * fails at once does not keep its siblings of that wave from starting.
     */
    private void launch() {
        if (launching) {
            return;
        }
        launching = true;
        try {
            while (!finished && next < total && (maxConcurrency == 0 || active < maxConcurrency)
                    && execution.isRunning() && !owner.cancelled
                    && (deferredFailure == null || next < firstWave)) {
                int i = next++;
                active++;
                startChild(i);
            }
        } finally {
            launching = false;
        }
        firstWave = 0;
        if (deferredFailure != null) {
            finish(deferredFailure);
        } else if (!finished && remaining == 0 && execution.isRunning()) {
            finish(null);
        }
    }

    /** Fails the fanout now, or once the first wave has started when called from within it. */
    private void fail(StatesError failure) {
        if (launching && next < firstWave) {
            if (deferredFailure == null) {
                deferredFailure = failure;
            }
        } else {
            finish(failure);
        }
    }

    private void startChild(int i) {
        Run child;
        if (isMap()) {
            StateDef.Map s = (StateDef.Map) state;
            JsonNode item = items.get(i);
            JsonNode itemInput = item;
            if (s.itemSelector != null) {
                // a shallow copy: the context's parts (with the execution input) are shared, never changed
                ObjectNode ctx = Json.NODES.objectNode();
                ctx.setAll((ObjectNode) owner.context());
                ObjectNode mapItem = ctx.putObject("Map").putObject("Item");
                mapItem.put("Index", i);
                mapItem.set("Value", item);
                try {
                    itemInput = s.itemSelector.evaluate(mapInput, ctx);
                } catch (StatesError e) {
                    active--;
                    fail(e);
                    return;
                }
            }
            child = new Run(execution, s.processor, this, i);
            child.stateInput = itemInput;
            child.state = s.processor.state(s.processor.startAt());
            child.lastEventId = owner.lastEventId;
            execution.record(child, HistoryEventType.MapIterationStarted, s.name, null, null, null, null, null, i);
        } else {
            Machine branch = ((StateDef.Parallel) state).branches.get(i);
            child = new Run(execution, branch, this, i);
            child.stateInput = mapInput;
            child.state = branch.state(branch.startAt());
            child.lastEventId = owner.lastEventId;
        }
        children[i] = child;
        execution.drive(child);
    }

    /** A child ended: keeps its result (or its error, where the Map tolerates it) and starts the next. */
    void childDone(Run child) {
        if (finished || !execution.isRunning()) {
            return;
        }
        active--;
        remaining--;
        if (isMap()) {
            execution.record(child, child.failure == null ? HistoryEventType.MapIterationSucceeded
                    : HistoryEventType.MapIterationFailed, state.name, null, null, null, null, null, child.index);
        }
        if (child.failure == null) {
            results[child.index] = child.output;
        } else if (isMap() && ((StateDef.Map) state).toleratesFailures()
                && !ErrorMatcher.isTerminal(child.failure.error())) {
            failed++;
            results[child.index] = child.failure.errorOutput();
            boolean overCount = toleratedCount >= 0 && failed > toleratedCount;
            boolean overPercentage = toleratedPercentage >= 0 && failed * 100.0 / total > toleratedPercentage;
            if (overCount || overPercentage || (toleratedCount < 0 && toleratedPercentage < 0)) {
                fail(new StatesError("States.ExceedToleratedFailureThreshold", "The Map state '"
                        + state.name + "' had " + failed + " failed iterations of " + total
                        + ", more than its ToleratedFailureCount or ToleratedFailurePercentage allows"));
                return;
            }
        } else {
            fail(child.failure);
            return;
        }
        if (!launching) {
            if (remaining == 0) {
                finish(null);
            } else {
                launch();
            }
        }
    }

    private void finish(StatesError failure) {
        if (finished) {
            return;
        }
        finished = true;
        owner.lastEventId = execution.history.lastEventId(); // the Map/Parallel ends because of the latest child event
        boolean map = isMap();
        if (failure != null) {
            for (Run child : children) {
                if (child != null && child.phase != Phase.DONE) {
                    execution.cancel(child);
                    if (map) {
                        execution.record(child, HistoryEventType.MapIterationAborted, state.name, null, null, null,
                                null, null, child.index);
                    }
                }
            }
            execution.record(owner, map ? HistoryEventType.MapStateFailed : HistoryEventType.ParallelStateFailed,
                    null, null, null, null, null, null, -1);
            execution.resume(owner, generation, null, failure);
            return;
        }
        ArrayNode out = Json.NODES.arrayNode(total);
        for (JsonNode r : results) {
            out.add(r);
        }
        execution.record(owner, map ? HistoryEventType.MapStateSucceeded : HistoryEventType.ParallelStateSucceeded,
                null, null, null, null, null, null, -1);
        execution.resume(owner, generation, out, null);
    }
}
