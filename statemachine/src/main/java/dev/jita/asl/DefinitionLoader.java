package dev.jita.asl;

import static dev.jita.asl.DefinitionFields.checkQueryLanguage;
import static dev.jita.asl.DefinitionFields.positiveInt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.asl.data.Json;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns definition text into a {@link Machine}: applies {@code ${name}} substitutions, parses, validates and
 * compiles. Every problem is an {@link InvalidDefinitionException} naming the state and the field; what this
 * interpreter does not support is refused here, never ignored at run time. This class reads machines and branches;
 * {@link StateParser} reads each state, {@link GraphChecks} checks where their transitions lead.
 */
final class DefinitionLoader {
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}]*)}");
    private static final Set<String> TOP_FIELDS = Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds",
            "QueryLanguage");
    private static final Set<String> BRANCH_FIELDS = Set.of("StartAt", "States", "Comment", "ProcessorConfig",
            "QueryLanguage");

    private final Set<String> allStateNames = new HashSet<>();
    private final StateParser parser = new StateParser((node, where) -> machine(node, where, false));

    private DefinitionLoader() {
    }

    /** Substitutes, parses, validates and compiles {@code definition}. */
    static Machine load(String definition, Map<String, String> substitutions) {
        String text = substitute(definition, substitutions == null ? Map.of() : substitutions);
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new InvalidDefinitionException("The definition is not valid JSON (" + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + "); fix the JSON syntax");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidDefinitionException("The definition must be a JSON object with StartAt and States");
        }
        return new DefinitionLoader().machine(root, "", true);
    }

    static String substitute(String definition, Map<String, String> substitutions) {
        Matcher m = SUBSTITUTION.matcher(definition);
        StringBuilder out = new StringBuilder(definition.length());
        while (m.find()) {
            String key = m.group(1);
            String value = substitutions.get(key);
            if (value == null) {
                throw new InvalidDefinitionException("The definition uses ${" + key + "} but no substitution named '"
                        + key + "' was given; add it to the substitutions map");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---- machines and branches ------------------------------------------------------------------------------

    /** @param where "" for the top level, else e.g. " (in branch 1 of Parallel 'P')" appended to state names */
    private Machine machine(JsonNode node, String where, boolean top) {
        String what = top ? "The definition" : "The branch" + where;
        checkQueryLanguage(node, what);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!(top ? TOP_FIELDS : BRANCH_FIELDS).contains(f)) {
                throw new InvalidDefinitionException(what + " has an unknown field '" + f + "'; remove it");
            }
        }
        JsonNode startAt = node.get("StartAt");
        if (startAt == null || !startAt.isTextual()) {
            throw new InvalidDefinitionException(what + " needs StartAt, the name of its first state");
        }
        JsonNode statesNode = node.get("States");
        if (statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
            throw new InvalidDefinitionException(what + " needs States, an object with at least one state");
        }
        Long timeout = null;
        if (top && node.has("TimeoutSeconds")) {
            timeout = positiveInt(node.get("TimeoutSeconds"), what, "TimeoutSeconds");
        }
        Map<String, StateDef> states = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : statesNode.properties()) {
            String name = e.getKey();
            if (name.isEmpty() || name.length() > 80) {
                throw new InvalidDefinitionException("State '" + name + "'" + where
                        + ": a state name must be 1 to 80 characters long; rename it");
            }
            if (!allStateNames.add(name)) {
                throw new InvalidDefinitionException("State '" + name + "'" + where
                        + ": another state already has this name; state names must be unique in the whole machine");
            }
            states.put(name, parser.state(name, e.getValue(), where));
        }
        if (!states.containsKey(startAt.textValue())) {
            throw new InvalidDefinitionException(what + ": StartAt names '" + startAt.textValue()
                    + "', which is not one of its States; name an existing state");
        }
        GraphChecks.checkTransitions(states, where);
        GraphChecks.checkReachable(startAt.textValue(), states, where);
        return new Machine(startAt.textValue(), Map.copyOf(states), timeout);
    }
}
