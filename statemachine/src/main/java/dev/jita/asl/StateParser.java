package dev.jita.asl;

import static dev.jita.asl.DefinitionFields.at;
import static dev.jita.asl.DefinitionFields.checkQueryLanguage;
import static dev.jita.asl.DefinitionFields.expr;
import static dev.jita.asl.DefinitionFields.ioPath;
import static dev.jita.asl.DefinitionFields.mentionsContext;
import static dev.jita.asl.DefinitionFields.nonEmptyArray;
import static dev.jita.asl.DefinitionFields.nonNegativeInt;
import static dev.jita.asl.DefinitionFields.pair;
import static dev.jita.asl.DefinitionFields.path;
import static dev.jita.asl.DefinitionFields.positiveInt;
import static dev.jita.asl.DefinitionFields.referencePath;
import static dev.jita.asl.DefinitionFields.resultPath;
import static dev.jita.asl.DefinitionFields.template;
import static dev.jita.asl.DefinitionFields.text;
import static dev.jita.asl.RetryCatchParser.catchers;
import static dev.jita.asl.RetryCatchParser.retriers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.asl.data.ChoiceRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one state: checks its fields against its Type, then compiles the fields every state of that Type has
 * (one method per Type: {@code task}, {@code choice}, {@code map}, ...) and those it shares with others.
 */
final class StateParser {
    private static final Pattern FUNCTION_ARN =
            Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9$_-]+))?");
    private static final String INVOKE = "arn:aws:states:::lambda:invoke";
    private static final String INVOKE_WAIT = "arn:aws:states:::lambda:invoke.waitForTaskToken";

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

    /** Parses a Parallel branch or a Map's ItemProcessor; {@code where} is appended to its state names. */
    interface BranchLoader {
        Machine load(JsonNode node, String where);
    }

    private final BranchLoader branchLoader;

    StateParser(BranchLoader branchLoader) {
        this.branchLoader = branchLoader;
    }

    StateDef state(String name, JsonNode node, String where) {
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
        pair(node, "TimeoutSeconds", at);
        pair(node, "HeartbeatSeconds", at);
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
        JsonNode choices = nonEmptyArray(node, "Choices", at, "rules");
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
            s.seconds = nonNegativeInt(node.get("Seconds"), at, "Seconds");
        }
        if (node.has("Timestamp")) {
            JsonNode ts = node.get("Timestamp");
            Instant t = ts.isTextual() ? StateDef.Wait.parseTimestamp(ts.textValue()) : null;
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

    private StateDef.Fail fail(String name, JsonNode node, String at) {
        StateDef.Fail s = new StateDef.Fail(name);
        pair(node, "Error", at);
        pair(node, "Cause", at);
        s.error = text(node, "Error", at);
        s.cause = text(node, "Cause", at);
        s.errorPath = expr(node, "ErrorPath", at);
        s.causePath = expr(node, "CausePath", at);
        return s;
    }

    private StateDef.Parallel parallel(String name, JsonNode node, String at, String where) {
        StateDef.Parallel s = new StateDef.Parallel(name);
        JsonNode branches = nonEmptyArray(node, "Branches", at, "state machines");
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
            out.add(branchLoader.load(b, inner));
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
        s.processor = branchLoader.load(p, " (in the " + field + " of Map '" + name + "'" + where + ")");
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

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }
}
