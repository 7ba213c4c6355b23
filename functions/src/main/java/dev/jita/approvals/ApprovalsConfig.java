package dev.jita.approvals;

import dev.jita.app.Environment;
import dev.jita.app.JitaConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the notify and approval functions need beyond {@link JitaConfig}, read once at init.
 *
 * @param publicBaseUrl       base of approval links ({@link JitaConfig#publicBaseUrl()})
 * @param linkGrace           how long a link outlives the approval wait ({@code JITA_LINK_GRACE}, ISO-8601, default
 *                            PT15M): an approver who clicks just after the timeout then reads "no longer pending"
 *                            (410) instead of "link not valid", and the link still can change nothing
 * @param sesSender           SES-verified sender; e-mail is sent only when set ({@code JITA_SES_SENDER})
 * @param sesConfigurationSet SES configuration set, optional ({@code JITA_SES_CONFIGURATION_SET})
 * @param slackWebhookSecret  Secrets Manager id of the JSON object approver id to webhook URL; Slack is used only
 *                            when set ({@code JITA_SLACK_WEBHOOK_SECRET})
 */
public record ApprovalsConfig(URI publicBaseUrl, Duration linkGrace, Optional<String> sesSender,
                              Optional<String> sesConfigurationSet, Optional<String> slackWebhookSecret) {

    public static final Duration DEFAULT_LINK_GRACE = Duration.ofMinutes(15);

    public ApprovalsConfig {
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(linkGrace, "linkGrace");
        Objects.requireNonNull(sesSender, "sesSender");
        Objects.requireNonNull(sesConfigurationSet, "sesConfigurationSet");
        Objects.requireNonNull(slackWebhookSecret, "slackWebhookSecret");
        String scheme = publicBaseUrl.getScheme() == null ? "" : publicBaseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!publicBaseUrl.isAbsolute() || publicBaseUrl.getHost() == null
                || !(scheme.equals("https") || scheme.equals("http"))
                || publicBaseUrl.getQuery() != null || publicBaseUrl.getFragment() != null) {
            throw new IllegalArgumentException("the public base URL '" + publicBaseUrl
                    + "' must be an absolute http(s) URL without query or fragment, like https://api.example.com/prod");
        }
        if (linkGrace.isNegative() || linkGrace.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("the link grace must be between PT0S and P1D; got " + linkGrace);
        }
    }

    /** Links only, no notifier settings: jita local and tests, which send through the outbox. */
    public static ApprovalsConfig of(URI publicBaseUrl) {
        return new ApprovalsConfig(publicBaseUrl, DEFAULT_LINK_GRACE, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public static ApprovalsConfig fromEnvironment(JitaConfig jita, Map<String, String> env) {
        Duration grace = Environment.duration(env, Environment.LINK_GRACE, DEFAULT_LINK_GRACE);
        return new ApprovalsConfig(jita.publicBaseUrl(), grace, optional(env, Environment.SES_SENDER),
                optional(env, Environment.SES_CONFIGURATION_SET), optional(env, Environment.SLACK_WEBHOOK_SECRET));
    }

    /** The confirm page of one token: {@code publicBaseUrl + "/approvals/" + token}. */
    public URI linkFor(String token) {
        String base = publicBaseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/approvals/" + token);
    }

    /**
     * How long an approver's link works: the rule's approval wait plus the grace, never beyond
     * {@link JitaConfig#maxLinkLifetime()}, at least one second.
     */
    public Duration linkLifetime(Duration approvalTimeout) {
        Duration wanted = approvalTimeout.plus(linkGrace);
        Duration max = JitaConfig.maxLinkLifetime();
        Duration ttl = wanted.compareTo(max) > 0 ? max : wanted;
        return ttl.toSeconds() < 1 ? Duration.ofSeconds(1) : ttl;
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }
}
