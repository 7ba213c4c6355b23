package dev.jita.requests;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jita.domain.ActionGuard;
import dev.jita.domain.Arn;
import dev.jita.http.Problem;
import dev.jita.http.ProblemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict parsing of the {@code POST /requests} body (security.md, "Input": unknown JSON fields rejected; sizes
 * bounded; justification length bounded). Anything unexpected is refused with a 400 that says which field and
 * what to do; nothing is guessed or silently dropped. Whether the actions and resources may be requested is
 * {@link dev.jita.domain.Eligibility}'s question, not this class's.
 */
public final class RequestBody {

    public static final int MAX_BODY_BYTES = 16 * 1024;
    public static final int MAX_ITEMS = 10;
    public static final int MIN_JUSTIFICATION = 10;
    public static final int MAX_JUSTIFICATION = 1000;
    public static final int MAX_TICKET = 128;
    public static final int MAX_RULE_ID = 128;

    static final Set<String> FIELDS =
            Set.of("actions", "resources", "durationMinutes", "justification", "ticket", "startAt", "ruleId");

    /**
     * Field names that would say who asks, compared without case or punctuation (security.md, "Requester identity
     * only from the authenticated request context; body fields naming a requester are rejected").
     */
    static final Set<String> REQUESTER_FIELDS = Set.of("requester", "requesterarn", "requesterid", "requestor",
            "requestorarn", "requestedby", "principal", "principalarn", "principalid", "user", "userarn", "userid",
            "username", "useridentity", "caller", "callerarn", "identity", "arn", "role", "rolearn", "rolename",
            "session", "sessionname", "sessionarn", "accountid", "onbehalfof", "asuser", "impersonate", "sub");

    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private RequestBody() {
    }

    /**
     * @param contentType the Content-Type header, or null when none was sent
     * @throws ProblemException 400 (bad body), 413 (too large) or 415 (not JSON)
     */
    public static NewRequest parse(String body, String contentType) {
        if (contentType != null && !isJson(contentType)) {
            throw new ProblemException(Problem.of(415, "unsupported-media-type",
                    "The body must be JSON; send it with Content-Type: application/json."));
        }
        if (body == null || body.isBlank()) {
            throw bad("invalid-json", "The body is empty; send a JSON object with actions, resources,"
                    + " durationMinutes and justification.");
        }
        if (body.length() > MAX_BODY_BYTES || body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                > MAX_BODY_BYTES) {
            throw new ProblemException(Problem.of(413, "body-too-large",
                    "The body is larger than " + MAX_BODY_BYTES / 1024 + " KiB; a request needs far less, so trim it."));
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw bad("invalid-json", "The body is not valid JSON" + where(e.getLocation())
                    + "; send one JSON object (duplicate keys are not allowed).");
        }
        if (root == null || !root.isObject()) {
            throw bad("invalid-json", "The body must be a JSON object like {\"actions\": [...], ...}.");
        }
        checkFieldNames(root);

        List<String> actions = strings(root, "actions", ActionGuard.MAX_LENGTH);
        List<String> resources = strings(root, "resources", Arn.MAX_LENGTH);
        noDuplicates("actions", actions.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList());
        noDuplicates("resources", resources);
        int minutes = durationMinutes(root);
        String justification = justification(root);
        String ticket = optionalString(root, "ticket", MAX_TICKET);
        Instant startAt = startAt(root);
        String ruleId = optionalString(root, "ruleId", MAX_RULE_ID);
        if (ruleId != null && !RULE_ID.matcher(ruleId).matches()) {
            throw bad("invalid-field", "ruleId may hold only letters, digits, '.', '_' and '-'; copy it from the"
                    + " rules file or leave it out.");
        }
        return new NewRequest(actions, resources, minutes, justification, ticket, startAt, ruleId);
    }

    private static void checkFieldNames(JsonNode root) {
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        // Requester fields first: their refusal says the more important thing.
        for (String name : names) {
            if (REQUESTER_FIELDS.contains(normalised(name))) {
                throw bad("requester-in-body", "The body may not name a requester ('" + printable(name)
                        + "'); jita takes who you are from your signed request, so remove that field.");
            }
        }
        for (String name : names) {
            if (!FIELDS.contains(name)) {
                throw bad("unknown-field", "'" + printable(name) + "' is not a field of a request; use only "
                        + "actions, resources, durationMinutes, justification, ticket, startAt and ruleId.");
            }
        }
        for (String required : List.of("actions", "resources", "durationMinutes", "justification")) {
            if (!root.has(required) || root.get(required).isNull()) {
                throw bad("missing-field", "The field '" + required + "' is required; add it.");
            }
        }
    }

    private static List<String> strings(JsonNode root, String field, int maxLength) {
        JsonNode array = root.get(field);
        if (!array.isArray()) {
            throw bad("invalid-field", "'" + field + "' must be an array of strings, like [\"...\"].");
        }
        if (array.isEmpty() || array.size() > MAX_ITEMS) {
            throw bad("invalid-field", "'" + field + "' must hold 1 to " + MAX_ITEMS + " entries, it holds "
                    + array.size() + "; split larger needs into several requests.");
        }
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            JsonNode item = it.next();
            if (!item.isTextual()) {
                throw bad("invalid-field", "Every entry of '" + field + "' must be a string.");
            }
            String value = item.textValue();
            if (value.isEmpty() || value.length() > maxLength) {
                throw bad("invalid-field", "An entry of '" + field + "' is empty or longer than " + maxLength
                        + " characters; name it exactly.");
            }
            noControlCharacters(field, value);
            out.add(value);
        }
        return out;
    }

    private static void noDuplicates(String field, List<String> values) {
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            if (!seen.add(v)) {
                throw bad("duplicate-entry", "'" + field + "' lists '" + printable(v) + "' twice; list each once.");
            }
        }
    }

    private static int durationMinutes(JsonNode root) {
        JsonNode node = root.get("durationMinutes");
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw bad("invalid-field", "durationMinutes must be a whole number of minutes, at least 1; the rule"
                    + " sets the most you may ask for.");
        }
        return node.intValue();
    }

    private static String justification(JsonNode root) {
        JsonNode node = root.get("justification");
        if (!node.isTextual()) {
            throw bad("invalid-field", "justification must be a string saying why you need the access.");
        }
        String text = node.textValue();
        noControlCharacters("justification", text);
        // The floor counts what is said (spaces at either end say nothing); the ceiling bounds what is stored.
        String said = text.strip();
        int saidLength = said.codePointCount(0, said.length());
        if (saidLength < MIN_JUSTIFICATION) {
            throw bad("invalid-field", "justification must say why you need the access in at least "
                    + MIN_JUSTIFICATION + " characters, not counting spaces at either end; it has " + saidLength + ".");
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX_JUSTIFICATION) {
            throw bad("invalid-field", "justification must be at most " + MAX_JUSTIFICATION + " characters, it is "
                    + length + "; say briefly why you need the access.");
        }
        return text;
    }

    private static String optionalString(JsonNode root, String field, int maxLength) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank() || node.textValue().length() > maxLength) {
            throw bad("invalid-field", field + " must be a non-empty string of at most " + maxLength
                    + " characters, or left out.");
        }
        noControlCharacters(field, node.textValue());
        return node.textValue();
    }

    private static Instant startAt(JsonNode root) {
        JsonNode node = root.get("startAt");
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.isTextual() ? node.textValue() : null;
        try {
            if (text == null || text.length() > 40) {
                throw new DateTimeParseException("not a timestamp", String.valueOf(text), 0);
            }
            // Milliseconds: what the store keeps, so the request hash computed now matches the one recomputed later.
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw bad("invalid-field", "startAt must be an ISO-8601 timestamp with offset, like"
                    + " 2026-11-24T09:00:00Z, or left out to start on approval.");
        }
    }

    /** Control, format (bidi overrides, zero-width) and line-separator characters hide what a text really says. */
    private static void noControlCharacters(String field, String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE) {
                throw bad("control-character", "'" + field + "' contains a control or invisible character at"
                        + " position " + i + "; remove it (line breaks included).");
            }
            i += Character.charCount(cp);
        }
    }

    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static String normalised(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        StringBuilder b = new StringBuilder();
        cut.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp > 0x7e && !Character.isLetterOrDigit(cp))) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    private static ProblemException bad(String reason, String detail) {
        return ProblemException.badRequest(reason, detail);
    }
}
