package dev.jita.iam;

import java.util.Objects;

/**
 * Which roles jita may put policies on: only those under one configured IAM path (design.md, "The grant"). The
 * same path bounds the grant function's own IAM permissions in CDK, so this check and IAM agree.
 *
 * @param pathPrefix e.g. {@code /jita/}; must start and end with '/' so that {@code /jita/} never matches
 *                   {@code /jita-other/}
 */
public record EligibleRoles(String pathPrefix) {

    /** Where IAM Identity Center keeps the roles it provisions: a path AWS reserves for roles its services create. */
    public static final String IDENTITY_CENTER_PATH = "/aws-reserved/sso.amazonaws.com/";

    public EligibleRoles {
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        IamNames.whyPathRefused(pathPrefix).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
    }

    public boolean isEligible(IamRole role) {
        return role.path().startsWith(pathPrefix);
    }

    /**
     * Fails unless the role lies under the eligible path and the session's aws:userid belongs to that role.
     *
     * @param userId the requesting session's aws:userid, {@code <roleUniqueId>:<sessionName>}
     * @throws IneligibleRoleException saying which check failed
     */
    public void requireEligible(IamRole role, String userId) {
        if (!isEligible(role)) {
            throw new IneligibleRoleException("Role " + role.roleName() + " has path " + role.path()
                    + ", outside jita's eligible path " + pathPrefix + "; ask an administrator to move the role there.");
        }
        requireSessionOf(role, userId);
    }

    private static void requireSessionOf(IamRole role, String userId) {
        if (userId == null || !userId.startsWith(role.roleId() + ":") || userId.length() == role.roleId().length() + 1) {
            throw new IneligibleRoleException("The session's user id does not belong to role " + role.roleName()
                    + "; request again from a session of that role.");
        }
    }

    /**
     * Fails unless the role is one IAM Identity Center provisioned (path {@value #IDENTITY_CENTER_PATH}, possibly
     * with a region after it) and the session's aws:userid belongs to it.
     */
    public static void requireIdentityCenterRole(IamRole role, String userId) {
        if (!role.path().startsWith(IDENTITY_CENTER_PATH)) {
            throw new IneligibleRoleException("Role " + role.roleName() + " has path " + role.path()
                    + ", not IAM Identity Center's " + IDENTITY_CENTER_PATH + "; only sessions Identity Center issued"
                    + " are granted through it.");
        }
        requireSessionOf(role, userId);
    }

    /** The IAM resource pattern for the grant function's own permissions, e.g. for CDK. */
    public String roleArnPattern(String partition, String accountId) {
        return "arn:" + partition + ":iam::" + accountId + ":role" + pathPrefix + "*";
    }

    /** A role outside the eligible path, or a session not of that role. */
    public static final class IneligibleRoleException extends RuntimeException {
        public IneligibleRoleException(String message) {
            super(message);
        }
    }
}
