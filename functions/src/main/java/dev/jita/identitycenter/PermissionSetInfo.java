package dev.jita.identitycenter;

import java.time.Instant;
import java.util.Objects;

/** A permission set as DescribePermissionSet tells it; {@code description} may be null. */
public record PermissionSetInfo(String arn, String name, String description, Instant createdAt) {
    public PermissionSetInfo {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(name, "name");
    }
}
