package dev.jita.infra;

/** The rules every IAM path jita is given obeys, checked at synth so that no function finds out at cold start. */
final class RolePaths {
    /** An IAM path: starts and ends with '/', IAM's characters in between. */
    static final String PATTERN = "/([\\w+=,.@-]+/)*";

    private RolePaths() {
    }

    /** The same rule JitaConfig applies in the functions, plus: not '/', which would make every role grantable. */
    static void requireEligible(String eligibleRolePath) {
        if (!eligibleRolePath.matches(PATTERN)) {
            throw new IllegalArgumentException("the eligible role path must start and end with '/', like /jita/; got '"
                    + eligibleRolePath + "'");
        }
        if (eligibleRolePath.equals("/")) {
            throw new IllegalArgumentException("the eligible role path '/' would make every role in the account"
                    + " grantable; use a path of its own, like /jita/");
        }
    }

    /**
     * The target role must never be grantable: its path may not lie inside the eligible path. Nor the other way
     * round: an eligible path inside the target path would put granted roles next to jita's machinery, and the two
     * are meant to be told apart by path alone.
     */
    static void requireDisjoint(String eligibleRolePath, TargetRole target) {
        if (target.path().startsWith(eligibleRolePath) || eligibleRolePath.startsWith(target.path())) {
            throw new IllegalArgumentException("the target role path '" + target.path() + "' and the eligible role"
                    + " path '" + eligibleRolePath + "' overlap (one starts with the other), so a grant could land on"
                    + " jita's target role; give the target role a path of its own, like /jita-system/ next to /jita/");
        }
    }
}
