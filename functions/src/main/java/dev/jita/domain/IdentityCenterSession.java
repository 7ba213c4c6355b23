package dev.jita.domain;

/** Placeholder (helper h14-rules delivers the real one). */
public record IdentityCenterSession(String permissionSetName, String userName) {
}
