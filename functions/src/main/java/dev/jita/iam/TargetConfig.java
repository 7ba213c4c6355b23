package dev.jita.iam;

import dev.jita.app.Environment;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which accounts jita acts in, and through which role (issue 13; the JitaTarget construct deploys that role).
 *
 * @param homeAccount    the jita account ({@code JITA_HOME_ACCOUNT}): granted with the function's own credentials
 * @param targetAccounts the other accounts with jita's target role ({@code JITA_TARGET_ACCOUNTS}), in order, without
 *                       the home account
 * @param roleName       the target role's name ({@code JITA_TARGET_ROLE_NAME}, default jita-target)
 * @param rolePath       the target role's path ({@code JITA_TARGET_ROLE_PATH}, default /jita-system/)
 * @param partition      the partition of the function's region ({@code aws}, {@code aws-cn}, {@code aws-us-gov})
 */
public record TargetConfig(String homeAccount, List<String> targetAccounts, String roleName, String rolePath,
                           String partition) {
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    public TargetConfig {
        requireAccount(homeAccount, Environment.HOME_ACCOUNT);
        targetAccounts = List.copyOf(targetAccounts);
        targetAccounts.forEach(a -> requireAccount(a, Environment.TARGET_ACCOUNTS));
        if (targetAccounts.contains(homeAccount)) {
            throw new IllegalArgumentException(Environment.TARGET_ACCOUNTS + " lists the home account " + homeAccount
                    + "; jita acts there with its own role, so remove it from the list");
        }
        if (new LinkedHashSet<>(targetAccounts).size() != targetAccounts.size()) {
            throw new IllegalArgumentException(Environment.TARGET_ACCOUNTS + " lists an account twice: "
                    + targetAccounts);
        }
        IamNames.whyRoleNameRefused(roleName).ifPresent(why -> {
            throw new IllegalArgumentException(Environment.TARGET_ROLE_NAME + ": " + why);
        });
        IamNames.whyPathRefused(rolePath).ifPresent(why -> {
            throw new IllegalArgumentException(Environment.TARGET_ROLE_PATH + ": " + why);
        });
        Objects.requireNonNull(partition, "partition");
    }

    /**
     * Reads the accounts from the environment.
     *
     * @param partition the partition of the function's region
     * @throws IllegalStateException naming the variable when one is missing or malformed
     */
    public static TargetConfig fromEnvironment(Map<String, String> env, String partition) {
        String home = env.getOrDefault(Environment.HOME_ACCOUNT, "").strip();
        if (home.isEmpty()) {
            throw new IllegalStateException("environment variable " + Environment.HOME_ACCOUNT + " is not set; the"
                    + " CDK stack sets it to the jita account's id, set it yourself when running the function elsewhere");
        }
        List<String> targets = new ArrayList<>();
        for (String id : env.getOrDefault(Environment.TARGET_ACCOUNTS, "").split(",")) {
            if (!id.isBlank()) {
                targets.add(id.strip());
            }
        }
        try {
            return new TargetConfig(home, targets,
                    env.getOrDefault(Environment.TARGET_ROLE_NAME, Environment.DEFAULT_TARGET_ROLE_NAME),
                    env.getOrDefault(Environment.TARGET_ROLE_PATH, Environment.DEFAULT_TARGET_ROLE_PATH), partition);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The home account, then the targets: every account the sweeper sweeps. */
    public List<String> accounts() {
        List<String> all = new ArrayList<>(targetAccounts.size() + 1);
        all.add(homeAccount);
        all.addAll(targetAccounts);
        return List.copyOf(all);
    }

    public boolean isTarget(String accountId) {
        return targetAccounts.contains(accountId);
    }

    /** The role jita assumes in {@code accountId}: {@code arn:<partition>:iam::<account>:role<path><name>}. */
    public String roleArn(String accountId) {
        return "arn:" + partition + ":iam::" + accountId + ":role" + rolePath + roleName;
    }

    /** The sentence a person reads when STS refused: which account, which role, what to deploy. */
    public String refusedMessage(String accountId) {
        return "jita cannot act in account " + accountId + ": its target role " + roleArn(accountId)
                + " is missing or does not trust jita's grant function; deploy the JitaTarget stack to that account"
                + " (README: Rolling jita out across an organization).";
    }

    /**
     * STS refused the target role of {@code accountId}: the sentence, then STS's own words.
     *
     * @param stsWords STS's message (it names the calling principal and the role)
     */
    public IamGatewayException.TargetUnreachable refused(String accountId, String stsWords, Throwable cause) {
        return new IamGatewayException.TargetUnreachable(accountId, IamGatewayException.TargetUnreachable.Kind.REFUSED,
                refusedMessage(accountId) + " (STS: " + stsWords + ")", cause);
    }

    /** The sentence for an account jita is not configured for. */
    public String notConfiguredMessage(String accountId) {
        return "jita cannot act in account " + accountId + ": it is neither jita's own account " + homeAccount
                + " nor listed in " + Environment.TARGET_ACCOUNTS + " (" + (targetAccounts.isEmpty() ? "empty"
                : String.join(",", targetAccounts)) + "); deploy the JitaTarget stack to that account and add it to "
                + Environment.TARGET_ACCOUNTS + " (README: Rolling jita out across an organization).";
    }

    private static void requireAccount(String id, String variable) {
        if (id == null || !ACCOUNT.matcher(id).matches()) {
            throw new IllegalArgumentException(variable + " must hold 12-digit account ids; got '" + id + "'");
        }
    }
}
