package dev.jita.notifications;

import java.util.Objects;
import java.util.Optional;

/**
 * How jita sends e-mail through SES.
 *
 * @param fromAddress      a verified SES identity, e.g. {@code jita@example.com} or {@code "jita <jita@example.com>"}
 * @param configurationSet an SES configuration set for event publishing, if any
 */
public record SesConfig(String fromAddress, Optional<String> configurationSet) {

    public SesConfig {
        Objects.requireNonNull(fromAddress, "fromAddress");
        Objects.requireNonNull(configurationSet, "configurationSet");
        if (!fromAddress.contains("@") || fromAddress.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("The sender '" + fromAddress
                    + "' is not an e-mail address; set it to an SES-verified address such as jita@example.com.");
        }
    }
}
