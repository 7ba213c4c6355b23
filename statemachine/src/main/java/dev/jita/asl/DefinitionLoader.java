package dev.jita.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.asl.data.ChoiceRule;
import dev.jita.asl.data.Intrinsic;
import dev.jita.asl.data.Json;
import dev.jita.asl.data.Path;
import dev.jita.asl.data.ResultPath;
import dev.jita.asl.data.Template;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns definition text into a {@link Machine}: applies {@code ${name}} substitutions, parses, validates and
 * compiles. Every problem is an {@link InvalidDefinitionException} naming the state and the field; what this
 * interpreter does not support is refused here, never ignored at run time.
 */
final class DefinitionLoader {

    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern FUNCTION_ARN =
            Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9$_-]+))?");
    private static final String INVOKE = "arn:aws:states:::lambda:invoke";
    private static final String INVOKE_WAIT = "arn:aws:states:::lambda:invoke.waitForTaskToken";
    private static final long MAX_SECONDS = 99_999_999L;

    private static final Set<String> TOP_FIELDS = Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds",
            "QueryLanguage");
    private static final Set<String> BRANCH_FIELDS = Set.of("StartAt", "States", "Comment", "ProcessorConfig",
            "QueryLanguage");
    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    private static final Set<String> FLOW = Set.of("Next", "End");
    private static final Set<String> IO = Set.of("InputPath", "OutputPath");
    private static final Set<String> RESULT = Set.of("ResultPath", "Parameters");
    private static final Set<String> ERRORS = Set.of("Retry", "Catch", "ResultSelector");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", union(COMMON, FLOW, IO, RESULT, Set.of("Result")),
            "Task", union(COMMON, FLOW, IO, RESULT, ERRORS, Set.of("Resource", "TimeoutSeconds", "TimeoutSecondsPath",
                    "HeartbeatSeconds", "HeartbeatSecondsPath")),
            "Choice", union(COMMON, IO, Set.of("Choices", "Default")),
            "Wait", union(COMMON, FLOW, IO, Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")),
            "Succeed", union(COMMON, IO),
            "Fail", union(COMMON, Set.of("Error", "ErrorPath", "Cause", "CausePath")),
            "Parallel", union(COMMON, FLOW, IO, RESULT, ERRORS, Set.of("Branches")),
            "Map", union(COMMON, FLOW, IO, RESULT, ERRORS, Set.of("ItemsPath", "ItemSelector", "Iterator",
                    "ItemProcessor", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailurePercentage",
                    "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath")));
    /** Fields of features this interpreter refuses, with the reason a person gets. */
    private static final Map<String, String> REFUSED_FIELDS = Map.of(
            "Assign", "uses Assign (workflow variables), which this interpreter does not support",
            "Arguments", "uses Arguments, a JSONata field; this interpreter runs JSONPath only",
            "Output", "uses Output, a JSONata field; this interpreter runs JSONPath only",
            "Items", "uses Items, a JSONata field; this interpreter runs JSONPath only",
            "Credentials", "uses Credentials (cross-account tasks), which this interpreter does not support",
            "ItemReader", "uses ItemReader, a Distributed Map feature; only inline Map is supported",
            "ResultWriter", "uses ResultWriter, a Distributed Map feature; only inline Map is supported",
            "ItemBatcher", "uses ItemBatcher, a Distributed Map feature; only inline Map is supported",
            "Label", "uses Label, a Distributed Map feature; only inline Map is supported");

    private final Set<String> allStateNames = new HashSet<>();

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
            states.put(name, state(name, e.getValue(), where));
        }
        if (!states.containsKey(startAt.textValue())) {
            throw new InvalidDefinitionException(what + ": StartAt names '" + startAt.textValue()
                    + "', which is not one of its States; name an existing state");
        }
        checkTransitions(states, where);
        checkReachable(startAt.textValue(), states, where);
        return new Machine(startAt.textValue(), Map.copyOf(states), timeout);
    }

    private static void checkTransitions(Map<String, StateDef> states, String where) {
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

    private static void checkReachable(String startAt, Map<String, StateDef> states, String where) {
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

    // ---- states -----------------------------------------------------------------------------------------------

    private StateDef state(String name, JsonNode node, String where) {
        String at = at(name, where);
        if (!node.isObject()) {
            throw new InvalidDefinitionException(at + ": a state must be a JSON object");
        }
        checkQueryLanguage(node, at);
        JsonNode typeNode = node.get("Type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new InvalidDefinitionException(at + ": field Type is missing; use one of Pass, Task, Choice, Wait, "
                    + "Succeed, Fail, Parallel, Map");
        }
        String type = typeNode.textValue();
        Set<String> allowed = FIELDS.get(type);
        if (allowed == null) {
            throw new InvalidDefinitionException(at + ": unknown state Type '" + type + "'; use one of Pass, Task, "
                    + "Choice, Wait, Succeed, Fail, Parallel, Map");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            String refused = REFUSED_FIELDS.get(f);
            if (refused != null) {
                throw new InvalidDefinitionException(at + ": " + refused);
            }
            if (!allowed.contains(f)) {
                throw new InvalidDefinitionException(at + ": field " + f + " is not allowed in a " + type
                        + " state; remove it");
            }
        }
        StateDef s = switch (type) {
            case "Pass" -> pass(name, node, at);
            case "Task" -> task(name, node, at);
            case "Choice" -> choice(name, node, at);
            case "Wait" -> waitState(name, node, at);
            case "Succeed" -> new StateDef.Succeed(name);
            case "Fail" -> fail(name, node, at);
            case "Parallel" -> parallel(name, node, at, where);
            default -> map(name, node, at, where);
        };
        if (allowed.contains("InputPath")) {
            s.inputPath = ioPath(node, "InputPath", at);
            s.outputPath = ioPath(node, "OutputPath", at);
        }
        if (allowed.contains("Next")) {
            boolean end = node.has("End");
            if (end && !node.get("End").isBoolean()) {
                throw new InvalidDefinitionException(at + ": End must be true or false");
            }
            boolean endTrue = end && node.get("End").booleanValue();
            JsonNode next = node.get("Next");
            if (next != null && endTrue) {
                throw new InvalidDefinitionException(at + ": has both Next and \"End\": true; keep one");
            }
            if (next == null && !endTrue) {
                throw new InvalidDefinitionException(at + ": needs Next (the following state) or \"End\": true");
            }
            if (next != null) {
                if (!next.isTextual()) {
                    throw new InvalidDefinitionException(at + ": Next must be a state name (a string)");
                }
                s.next = next.textValue();
            }
        }
        if (allowed.contains("Parameters")) {
            if (node.has("Parameters") && s.kind != StateDef.Kind.MAP) {
                s.parameters = template(node.get("Parameters"), at, "Parameters");
                s.parametersUseContext = mentionsContext(node.get("Parameters"));
            }
            s.resultPath = resultPath(node, "ResultPath", at);
        }
        if (allowed.contains("Retry")) {
            if (node.has("ResultSelector")) {
                s.resultSelector = template(node.get("ResultSelector"), at, "ResultSelector");
                s.resultSelectorUsesContext = mentionsContext(node.get("ResultSelector"));
            }
            s.retriers = retriers(node.get("Retry"), at);
            s.catchers = catchers(node.get("Catch"), at);
        }
        return s;
    }

    private StateDef.Pass pass(String name, JsonNode node, String at) {
        StateDef.Pass s = new StateDef.Pass(name);
        s.result = node.get("Result");
        return s;
    }

    private StateDef.Task task(String name, JsonNode node, String at) {
        StateDef.Task s = new StateDef.Task(name);
        JsonNode res = node.get("Resource");
        if (res == null || !res.isTextual()) {
            throw new InvalidDefinitionException(at + ": field Resource is missing; give a Lambda function ARN or "
                    + INVOKE);
        }
        String r = res.textValue();
        s.resource = r;
        Matcher fn = FUNCTION_ARN.matcher(r);
        if (fn.matches()) {
            s.integration = StateDef.Task.Integration.FUNCTION_ARN;
            s.functionName = fn.group(1);
            s.qualifier = fn.group(2);
        } else if (r.equals(INVOKE) || r.equals(INVOKE_WAIT)) {
            s.integration = r.equals(INVOKE) ? StateDef.Task.Integration.INVOKE
                    : StateDef.Task.Integration.INVOKE_WAIT_FOR_TOKEN;
            JsonNode params = node.get("Parameters");
            if (params == null || !params.isObject()
                    || !(params.has("FunctionName") || params.has("FunctionName.$"))) {
                throw new InvalidDefinitionException(at + ": Resource " + r
                        + " needs Parameters with FunctionName (and usually Payload)");
            }
        } else if (r.matches("arn:aws[a-z-]*:states:[^:]*:[^:]*:activity:.*")) {
            throw new InvalidDefinitionException(at + ": Resource " + r + " is an Activity; Activities are not "
                    + "supported: use arn:aws:states:::lambda:invoke.waitForTaskToken instead");
        } else if (r.matches("arn:aws[a-z-]*:states:::.*")) {
            throw new InvalidDefinitionException(at + ": Resource " + r + " is a service integration this "
                    + "interpreter does not support; only Lambda is (a function ARN, " + INVOKE + " or "
                    + INVOKE_WAIT + ")");
        } else {
            throw new InvalidDefinitionException(at + ": Resource '" + r + "' is not a Lambda function ARN "
                    + "(arn:aws:lambda:REGION:ACCOUNT:function:NAME) nor " + INVOKE + "[.waitForTaskToken]");
        }
        if (node.has("TimeoutSeconds") && node.has("TimeoutSecondsPath")) {
            throw new InvalidDefinitionException(at + ": has both TimeoutSeconds and TimeoutSecondsPath; keep one");
        }
        if (node.has("HeartbeatSeconds") && node.has("HeartbeatSecondsPath")) {
            throw new InvalidDefinitionException(at + ": has both HeartbeatSeconds and HeartbeatSecondsPath; "
                    + "keep one");
        }
        if (node.has("TimeoutSeconds")) {
            s.timeoutSeconds = positiveInt(node.get("TimeoutSeconds"), at, "TimeoutSeconds");
        }
        if (node.has("HeartbeatSeconds")) {
            s.heartbeatSeconds = positiveInt(node.get("HeartbeatSeconds"), at, "HeartbeatSeconds");
        }
        s.timeoutSecondsPath = referencePath(node, "TimeoutSecondsPath", at);
        s.heartbeatSecondsPath = referencePath(node, "HeartbeatSecondsPath", at);
        if (s.timeoutSeconds != null && s.heartbeatSeconds != null && s.heartbeatSeconds >= s.timeoutSeconds) {
            throw new InvalidDefinitionException(at + ": HeartbeatSeconds (" + s.heartbeatSeconds
                    + ") must be smaller than TimeoutSeconds (" + s.timeoutSeconds + ")");
        }
        return s;
    }

    private StateDef.Choice choice(String name, JsonNode node, String at) {
        StateDef.Choice s = new StateDef.Choice(name);
        JsonNode choices = node.get("Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw new InvalidDefinitionException(at + ": Choices must be a non-empty array of rules");
        }
        List<ChoiceRule> rules = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            try {
                rules.add(ChoiceRule.compile(choices.get(i), true, "Choices[" + i + "]"));
            } catch (IllegalArgumentException e) {
                throw new InvalidDefinitionException(at + ": " + e.getMessage());
            }
        }
        s.choices = List.copyOf(rules);
        s.choicesUseContext = mentionsContext(choices);
        JsonNode def = node.get("Default");
        if (def != null) {
            if (!def.isTextual()) {
                throw new InvalidDefinitionException(at + ": Default must be a state name (a string)");
            }
            s.defaultNext = def.textValue();
        }
        return s;
    }

    private StateDef.Wait waitState(String name, JsonNode node, String at) {
        StateDef.Wait s = new StateDef.Wait(name);
        int given = 0;
        for (String f : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
            given += node.has(f) ? 1 : 0;
        }
        if (given != 1) {
            throw new InvalidDefinitionException(at + ": a Wait state needs exactly one of Seconds, SecondsPath, "
                    + "Timestamp, TimestampPath (found " + given + ")");
        }
        if (node.has("Seconds")) {
            JsonNode sec = node.get("Seconds");
            if (!sec.canConvertToExactIntegral() || sec.asLong() < 0 || sec.asLong() > MAX_SECONDS) {
                throw new InvalidDefinitionException(at + ": Seconds must be a whole number from 0 to " + MAX_SECONDS);
            }
            s.seconds = sec.asLong();
        }
        if (node.has("Timestamp")) {
            JsonNode ts = node.get("Timestamp");
            Instant t = ts.isTextual() ? parseTimestamp(ts.textValue()) : null;
            if (t == null) {
                throw new InvalidDefinitionException(at + ": Timestamp must be an ISO-8601 date-time string such as "
                        + "\"2026-03-14T01:59:00Z\"");
            }
            s.timestamp = t;
        }
        s.secondsPath = referencePath(node, "SecondsPath", at);
        s.timestampPath = referencePath(node, "TimestampPath", at);
        return s;
    }

    /** RFC 3339 as Step Functions accepts it (an uppercase T, a Z or an offset); null if not one. */
    static Instant parseTimestamp(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private StateDef.Fail fail(String name, JsonNode node, String at) {
        StateDef.Fail s = new StateDef.Fail(name);
        if (node.has("Error") && node.has("ErrorPath")) {
            throw new InvalidDefinitionException(at + ": has both Error and ErrorPath; keep one");
        }
        if (node.has("Cause") && node.has("CausePath")) {
            throw new InvalidDefinitionException(at + ": has both Cause and CausePath; keep one");
        }
        s.error = text(node, "Error", at);
        s.cause = text(node, "Cause", at);
        s.errorPath = expr(node, "ErrorPath", at);
        s.causePath = expr(node, "CausePath", at);
        return s;
    }

    private StateDef.Parallel parallel(String name, JsonNode node, String at, String where) {
        StateDef.Parallel s = new StateDef.Parallel(name);
        JsonNode branches = node.get("Branches");
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            throw new InvalidDefinitionException(at + ": Branches must be a non-empty array of state machines");
        }
        List<Machine> out = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            JsonNode b = branches.get(i);
            String inner = " (in Branches[" + i + "] of Parallel '" + name + "'" + where + ")";
            if (!b.isObject()) {
                throw new InvalidDefinitionException(at + ": Branches[" + i + "] must be an object with StartAt and "
                        + "States");
            }
            if (b.has("ProcessorConfig")) {
                throw new InvalidDefinitionException(at + ": Branches[" + i + "] has ProcessorConfig, which only a "
                        + "Map's ItemProcessor may have");
            }
            out.add(machine(b, inner, false));
        }
        s.branches = List.copyOf(out);
        return s;
    }

    private StateDef.Map map(String name, JsonNode node, String at, String where) {
        StateDef.Map s = new StateDef.Map(name);
        boolean iterator = node.has("Iterator");
        boolean processor = node.has("ItemProcessor");
        if (iterator == processor) {
            throw new InvalidDefinitionException(at + ": a Map state needs exactly one of ItemProcessor or Iterator");
        }
        String field = iterator ? "Iterator" : "ItemProcessor";
        JsonNode p = node.get(field);
        if (!p.isObject()) {
            throw new InvalidDefinitionException(at + ": " + field + " must be an object with StartAt and States");
        }
        JsonNode config = p.get("ProcessorConfig");
        if (config != null) {
            if (iterator) {
                throw new InvalidDefinitionException(at + ": Iterator may not have ProcessorConfig; use "
                        + "ItemProcessor");
            }
            JsonNode mode = config.get("Mode");
            if (mode != null && "DISTRIBUTED".equals(mode.asText())) {
                throw new InvalidDefinitionException(at + ": ItemProcessor.ProcessorConfig.Mode is DISTRIBUTED; "
                        + "Distributed Map is not supported, only inline Map (Mode INLINE)");
            }
            if (mode != null && !"INLINE".equals(mode.asText())) {
                throw new InvalidDefinitionException(at + ": ItemProcessor.ProcessorConfig.Mode must be INLINE");
            }
            for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("Mode")) {
                    throw new InvalidDefinitionException(at + ": ItemProcessor.ProcessorConfig." + f
                            + " is a Distributed Map setting; only inline Map is supported");
                }
            }
        }
        s.processor = machine(p, " (in the " + field + " of Map '" + name + "'" + where + ")", false);
        if (node.has("ItemSelector") && node.has("Parameters")) {
            throw new InvalidDefinitionException(at + ": has both ItemSelector and Parameters; keep ItemSelector");
        }
        String sel = node.has("ItemSelector") ? "ItemSelector" : "Parameters";
        if (node.has(sel)) {
            s.itemSelector = template(node.get(sel), at, sel);
        }
        if (node.has("ItemsPath")) {
            s.itemsPath = path(node.get("ItemsPath"), at, "ItemsPath", true);
        }
        pair(node, "MaxConcurrency", at);
        if (node.has("MaxConcurrency")) {
            s.maxConcurrency = (int) nonNegativeInt(node.get("MaxConcurrency"), at, "MaxConcurrency");
        }
        s.maxConcurrencyPath = referencePath(node, "MaxConcurrencyPath", at);
        pair(node, "ToleratedFailurePercentage", at);
        if (node.has("ToleratedFailurePercentage")) {
            JsonNode v = node.get("ToleratedFailurePercentage");
            if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 100) {
                throw new InvalidDefinitionException(at + ": ToleratedFailurePercentage must be a number from 0 to "
                        + "100");
            }
            s.toleratedFailurePercentage = v.asDouble();
        }
        s.toleratedFailurePercentagePath = referencePath(node, "ToleratedFailurePercentagePath", at);
        pair(node, "ToleratedFailureCount", at);
        if (node.has("ToleratedFailureCount")) {
            s.toleratedFailureCount = nonNegativeInt(node.get("ToleratedFailureCount"), at, "ToleratedFailureCount");
        }
        s.toleratedFailureCountPath = referencePath(node, "ToleratedFailureCountPath", at);
        return s;
    }

    private static void pair(JsonNode node, String field, String at) {
        if (node.has(field) && node.has(field + "Path")) {
            throw new InvalidDefinitionException(at + ": has both " + field + " and " + field + "Path; keep one");
        }
    }

    // ---- Retry and Catch ----------------------------------------------------------------------------------------

    private static List<StateDef.Retrier> retriers(JsonNode node, String at) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidDefinitionException(at + ": Retry must be an array of retriers");
        }
        Set<String> fields = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
                "MaxDelaySeconds", "JitterStrategy", "Comment");
        List<StateDef.Retrier> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String where = at + ": Retry[" + i + "]";
            JsonNode r = node.get(i);
            unknownFields(r, fields, where);
            List<String> errors = errorEquals(r, where, i == node.size() - 1);
            double interval = r.has("IntervalSeconds")
                    ? positiveInt(r.get("IntervalSeconds"), where, "IntervalSeconds") : 1;
            int max = r.has("MaxAttempts") ? (int) nonNegativeInt(r.get("MaxAttempts"), where, "MaxAttempts") : 3;
            double backoff = 2.0;
            if (r.has("BackoffRate")) {
                JsonNode b = r.get("BackoffRate");
                if (!b.isNumber() || b.asDouble() < 1.0) {
                    throw new InvalidDefinitionException(where + ": BackoffRate must be a number of at least 1.0");
                }
                backoff = b.asDouble();
            }
            Long maxDelay = null;
            if (r.has("MaxDelaySeconds")) {
                maxDelay = positiveInt(r.get("MaxDelaySeconds"), where, "MaxDelaySeconds");
                if (maxDelay >= 31_622_401L) {
                    throw new InvalidDefinitionException(where + ": MaxDelaySeconds must be below 31622401");
                }
            }
            boolean full = false;
            if (r.has("JitterStrategy")) {
                String j = r.get("JitterStrategy").asText();
                if (!j.equals("FULL") && !j.equals("NONE")) {
                    throw new InvalidDefinitionException(where + ": JitterStrategy must be FULL or NONE, was '" + j
                            + "'");
                }
                full = j.equals("FULL");
            }
            out.add(new StateDef.Retrier(errors, interval, max, backoff, maxDelay, full));
        }
        return List.copyOf(out);
    }

    private static List<StateDef.Catcher> catchers(JsonNode node, String at) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidDefinitionException(at + ": Catch must be an array of catchers");
        }
        Set<String> fields = Set.of("ErrorEquals", "Next", "ResultPath", "Comment");
        List<StateDef.Catcher> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String where = at + ": Catch[" + i + "]";
            JsonNode c = node.get(i);
            unknownFields(c, fields, where);
            List<String> errors = errorEquals(c, where, i == node.size() - 1);
            JsonNode next = c.get("Next");
            if (next == null || !next.isTextual()) {
                throw new InvalidDefinitionException(where + ": Next is missing; name the state to go to");
            }
            out.add(new StateDef.Catcher(errors, resultPath(c, "ResultPath", where), next.textValue()));
        }
        return List.copyOf(out);
    }

    private static List<String> errorEquals(JsonNode r, String where, boolean last) {
        JsonNode e = r.get("ErrorEquals");
        if (e == null || !e.isArray() || e.isEmpty()) {
            throw new InvalidDefinitionException(where + ": ErrorEquals must be a non-empty array of error names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode n : e) {
            if (!n.isTextual() || n.textValue().isEmpty()) {
                throw new InvalidDefinitionException(where + ": ErrorEquals must hold error names (strings)");
            }
            names.add(n.textValue());
        }
        if (names.contains("States.ALL") && (names.size() > 1 || !last)) {
            throw new InvalidDefinitionException(where + ": States.ALL must appear alone in ErrorEquals and only in "
                    + "the last entry");
        }
        return List.copyOf(names);
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            throw new InvalidDefinitionException(where + " must be an object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new InvalidDefinitionException(where + ": unknown field " + f + "; remove it");
            }
        }
    }

    // ---- fields ------------------------------------------------------------------------------------------------

    private static void checkQueryLanguage(JsonNode node, String what) {
        JsonNode ql = node.get("QueryLanguage");
        if (ql == null) {
            return;
        }
        if ("JSONata".equals(ql.asText())) {
            throw new InvalidDefinitionException(what + ": QueryLanguage JSONata is not supported; this interpreter "
                    + "runs JSONPath definitions only");
        }
        if (!"JSONPath".equals(ql.asText())) {
            throw new InvalidDefinitionException(what + ": QueryLanguage must be JSONPath");
        }
    }

    /** Conservative: true when any text in {@code node} mentions {@code $$}, the context object. */
    private static boolean mentionsContext(JsonNode node) {
        return node.toString().contains("$$");
    }

    private static String at(String name, String where) {
        return "State '" + name + "'" + where;
    }

    private static Template template(JsonNode node, String at, String field) {
        try {
            return Template.compile(node);
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(at + ": " + field + ": " + e.getMessage());
        }
    }

    private static IoPath ioPath(JsonNode node, String field, String at) {
        if (!node.has(field)) {
            return IoPath.IDENTITY;
        }
        JsonNode v = node.get(field);
        if (v.isNull()) {
            return IoPath.EMPTY;
        }
        return IoPath.of(path(v, at, field, false));
    }

    private static ResultPath resultPath(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        try {
            if (v == null) {
                return ResultPath.compile("$");
            }
            if (v.isNull()) {
                return ResultPath.compile(null);
            }
            if (!v.isTextual()) {
                throw new InvalidDefinitionException(at + ": " + field + " must be a path string or null");
            }
            return ResultPath.compile(v.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(at + ": " + field + ": " + e.getMessage());
        }
    }

    private static Path referencePath(JsonNode node, String field, String at) {
        return node.has(field) ? path(node.get(field), at, field, true) : null;
    }

    private static Path path(JsonNode v, String at, String field, boolean reference) {
        if (!v.isTextual()) {
            throw new InvalidDefinitionException(at + ": " + field + " must be a path string such as \"$.items\"");
        }
        try {
            return reference ? Path.reference(v.textValue()) : Path.compile(v.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(at + ": " + field + ": " + e.getMessage());
        }
    }

    private static StateDef.Expr expr(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidDefinitionException(at + ": " + field + " must be a path or intrinsic function string");
        }
        String text = v.textValue();
        try {
            if (text.startsWith("States.")) {
                Intrinsic f = Intrinsic.compile(text);
                return new StateDef.Expr() {
                    public JsonNode evaluate(JsonNode input, JsonNode context) {
                        return f.evaluate(input, context);
                    }

                    public boolean usesContext() {
                        return true;
                    }
                };
            }
            Path p = Path.reference(text);
            return new StateDef.Expr() {
                public JsonNode evaluate(JsonNode input, JsonNode context) {
                    return p.read(input, context);
                }

                public boolean usesContext() {
                    return p.isContext();
                }
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(at + ": " + field + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidDefinitionException(at + ": " + field + " must be a string");
        }
        return v.textValue();
    }

    private static long positiveInt(JsonNode v, String at, String field) {
        if (v == null || !v.canConvertToExactIntegral() || v.asLong() < 1 || v.asLong() > MAX_SECONDS) {
            throw new InvalidDefinitionException(at + ": " + field + " must be a whole number from 1 to " + MAX_SECONDS);
        }
        return v.asLong();
    }

    private static long nonNegativeInt(JsonNode v, String at, String field) {
        if (v == null || !v.canConvertToExactIntegral() || v.asLong() < 0 || v.asLong() > MAX_SECONDS) {
            throw new InvalidDefinitionException(at + ": " + field + " must be a whole number from 0 to " + MAX_SECONDS);
        }
        return v.asLong();
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }
}
