package dev.jita.asl;

import static dev.jita.asl.DefinitionFields.at;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks on a machine's graph: every Next, Default, Choice rule and Catch names a state, and all are reached. */
final class GraphChecks {

    private GraphChecks() {
    }

    static void checkTransitions(Map<String, StateDef> states, String where) {
        for (StateDef s : states.values()) {
            for (String[] t : transitions(s)) {
                if (!states.containsKey(t[1])) {
                    throw new InvalidDefinitionException(at(s.name, where) + ": " + t[0] + " names '" + t[1]
                            + "', which is not a state " + (where.isEmpty() ? "of this machine" : "of this branch")
                            + "; name an existing state");
                }
            }
        }
    }

    /** Pairs of (field, target state). */
    private static List<String[]> transitions(StateDef s) {
        List<String[]> out = new ArrayList<>();
        if (s.next != null) {
            out.add(new String[] {"Next", s.next});
        }
        for (int i = 0; i < s.catchers.size(); i++) {
            out.add(new String[] {"Catch[" + i + "].Next", s.catchers.get(i).next()});
        }
        if (s instanceof StateDef.Choice c) {
            for (int i = 0; i < c.choices.size(); i++) {
                out.add(new String[] {"Choices[" + i + "].Next", c.choices.get(i).next()});
            }
            if (c.defaultNext != null) {
                out.add(new String[] {"Default", c.defaultNext});
            }
        }
        return out;
    }

    static void checkReachable(String startAt, Map<String, StateDef> states, String where) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(startAt);
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (seen.add(n)) {
                for (String[] t : transitions(states.get(n))) {
                    todo.add(t[1]);
                }
            }
        }
        for (String n : states.keySet()) {
            if (!seen.contains(n)) {
                throw new InvalidDefinitionException(at(n, where) + ": this state is unreachable: no Next, Default, "
                        + "Choice rule or Catch leads to it from StartAt '" + startAt + "'; remove it or link to it");
            }
        }
    }
}
