package dev.jita.identitycenter;

import java.time.Instant;

public record PermissionSetInfo(String arn, String name, String description, Instant createdAt) {
}
