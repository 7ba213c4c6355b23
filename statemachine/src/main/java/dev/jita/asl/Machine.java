package dev.jita.asl;

import java.util.Map;

/** A compiled, validated state machine or branch (a Parallel branch, a Map's ItemProcessor). */
record Machine(String startAt, Map<String, StateDef> states, Long timeoutSeconds) {
    StateDef state(String name) {
        return states.get(name);
    }
}
