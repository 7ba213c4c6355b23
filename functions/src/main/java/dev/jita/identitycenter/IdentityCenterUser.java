package dev.jita.identitycenter;

public record IdentityCenterUser(String userId, String userName, String displayName, String email) {
}
