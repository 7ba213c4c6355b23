package dev.jita.identitycenter;

import java.util.Objects;

/**
 * An Identity Store user.
 *
 * @param displayName the user's display name, else the user name
 * @param email       the primary email, else the first; null when the user has none
 */
public record IdentityCenterUser(String userId, String userName, String displayName, String email) {
    public IdentityCenterUser {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(displayName, "displayName");
    }
}
