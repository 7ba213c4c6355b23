package dev.jita.approvals;

import dev.jita.domain.Decision;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The confirm page's POST, {@code application/x-www-form-urlencoded}: {@code decision}, {@code csrf} and an optional
 * {@code comment}. Parsed strictly: the page sends exactly these fields, so anything else is not from the page.
 */
public record ApprovalForm(Decision decision, String comment, String csrf) {

    public static final int MAX_COMMENT_CHARS = 1000;
    /** Enough for a 1000-character comment of 3-byte characters, all percent-encoded, plus the other fields. */
    static final int MAX_BODY_CHARS = 16 * 1024;
    private static final int MAX_CSRF_CHARS = 128;
    private static final Set<String> FIELDS = Set.of("decision", "comment", "csrf");

    public ApprovalForm {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(csrf, "csrf");
    }

    /**
     * The form, or empty for anything the confirm page would not send: a missing decision or csrf, an unknown or
     * repeated field, a comment over {@value #MAX_COMMENT_CHARS} characters, broken encoding, an oversized body.
     *
     * @param isBase64Encoded as API Gateway reports it for the body
     */
    public static Optional<ApprovalForm> parse(String body, boolean isBase64Encoded) {
        if (body == null) {
            return Optional.empty();
        }
        String text = body;
        if (isBase64Encoded) {
            if (body.length() > MAX_BODY_CHARS * 4 / 3 + 4) {
                return Optional.empty();
            }
            try {
                text = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        if (text.length() > MAX_BODY_CHARS) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException badPercentEncoding) {
                return Optional.empty();
            }
            if (!FIELDS.contains(name) || fields.putIfAbsent(name, value) != null) {
                return Optional.empty();
            }
        }
        Optional<Decision> decision = Decision.fromForm(fields.get("decision"));
        String csrf = fields.get("csrf");
        String comment = fields.getOrDefault("comment", "");
        if (decision.isEmpty() || csrf == null || csrf.isEmpty() || csrf.length() > MAX_CSRF_CHARS
                || comment.length() > MAX_COMMENT_CHARS) {
            return Optional.empty();
        }
        return Optional.of(new ApprovalForm(decision.get(), comment, csrf));
    }

    /** Leaves the CSRF token out: it is bound to a live link. */
    @Override
    public String toString() {
        return "ApprovalForm[decision=" + decision + ", comment=" + comment.length() + " chars]";
    }
}
