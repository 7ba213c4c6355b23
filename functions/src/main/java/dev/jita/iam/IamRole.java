package dev.jita.iam;

import java.util.Objects;

/**
 * An IAM role as jita needs it.
 *
 * @param roleId the role's unique id ({@code AROA...}), the first half of a session's aws:userid
 * @param path   the role's IAM path, e.g. {@code /jita/}
 */
public record IamRole(String roleName, String path, String roleId, String arn) {
    public IamRole {
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(roleId, "roleId");
        Objects.requireNonNull(arn, "arn");
    }
}
