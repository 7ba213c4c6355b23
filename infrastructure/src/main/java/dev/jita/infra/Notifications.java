package dev.jita.infra;

import java.util.Objects;
import java.util.Optional;

/**
 * How approvers are told: e-mail through SES and/or Slack webhooks. With neither, links reach nobody: the notify
 * step then fails and the request ends FAILED, so configure at least one.
 *
 * @param sesSender           SES-verified sender address (JITA_SES_SENDER); e-mail is sent only when set
 * @param sesConfigurationSet SES configuration set (JITA_SES_CONFIGURATION_SET), optional
 * @param slackWebhooks       where the approver-id-to-webhook-URL secret comes from
 */
public record Notifications(Optional<String> sesSender, Optional<String> sesConfigurationSet,
                            SlackWebhooks slackWebhooks) {

    public Notifications {
        Objects.requireNonNull(sesSender, "sesSender");
        Objects.requireNonNull(sesConfigurationSet, "sesConfigurationSet");
        Objects.requireNonNull(slackWebhooks, "slackWebhooks");
        sesSender.ifPresent(s -> {
            if (!s.contains("@")) {
                throw new IllegalArgumentException("the SES sender '" + s
                        + "' is not an e-mail address; give an SES-verified address such as jita@example.com");
            }
        });
    }

    public static Notifications email(String sesSender) {
        return new Notifications(Optional.of(sesSender), Optional.empty(), new SlackWebhooks.None());
    }

    public static Notifications none() {
        return new Notifications(Optional.empty(), Optional.empty(), new SlackWebhooks.None());
    }

    public Notifications withSlack(SlackWebhooks slack) {
        return new Notifications(sesSender, sesConfigurationSet, slack);
    }

    /** Whether anyone can be told anything: e-mail or Slack is configured. */
    public boolean hasChannel() {
        return sesSender.isPresent() || !(slackWebhooks instanceof SlackWebhooks.None);
    }

    /** The sender's bare address: "jita &lt;jita@example.com&gt;" gives jita@example.com. */
    public Optional<String> senderAddress() {
        return sesSender.map(s -> {
            int lt = s.indexOf('<');
            int gt = s.indexOf('>', lt + 1);
            return (lt >= 0 && gt > lt ? s.substring(lt + 1, gt) : s).trim();
        });
    }

    /** The Slack webhook secret: a JSON object of approver id (or Slack name) to webhook URL. */
    public sealed interface SlackWebhooks {
        /** No Slack. */
        record None() implements SlackWebhooks {
        }

        /** A secret you manage, by ARN. */
        record Existing(String secretArn) implements SlackWebhooks {
            public Existing {
                Objects.requireNonNull(secretArn, "secretArn");
            }
        }

        /** The construct creates an empty secret ({}) that you fill in afterwards. */
        record Create() implements SlackWebhooks {
        }
    }
}
