package dev.jita.infra;

import dev.jita.app.Environment;
import java.util.Objects;

/**
 * The role jita assumes in a target account: {@code arn:<partition>:iam::<account>:role<path><name>}. The jita stack
 * lets its grant, revoke and sweeper functions assume exactly this name and path in any account; {@link JitaTarget}
 * creates it.
 *
 * @param name the role's name ({@value Environment#DEFAULT_TARGET_ROLE_NAME} by default)
 * @param path the role's IAM path ({@value Environment#DEFAULT_TARGET_ROLE_PATH} by default); it must lie outside the
 *             eligible path, so that no grant can ever land on it
 */
public record TargetRole(String name, String path) {

    public TargetRole {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        if (!name.matches("[\\w+=,.@-]{1,64}")) {
            throw new IllegalArgumentException("the target role name must be 1 to 64 of letters, digits and +=,.@_-;"
                    + " got '" + name + "'");
        }
        if (!path.matches(RolePaths.PATTERN)) {
            throw new IllegalArgumentException("the target role path must start and end with '/', like "
                    + Environment.DEFAULT_TARGET_ROLE_PATH + "; got '" + path + "'");
        }
    }

    /** {@value Environment#DEFAULT_TARGET_ROLE_NAME} at {@value Environment#DEFAULT_TARGET_ROLE_PATH}. */
    public static TargetRole byDefault() {
        return new TargetRole(Environment.DEFAULT_TARGET_ROLE_NAME, Environment.DEFAULT_TARGET_ROLE_PATH);
    }

    /** The role's path and name as an ARN's resource name: {@code jita-system/jita-target}. */
    String resourceName() {
        return path.substring(1) + name;
    }
}
