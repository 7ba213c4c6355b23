package dev.jita.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One rule of the rules file, with defaults applied. A plain value: the loader ({@code dev.jita.rules.RulesFile})
 * is what validates, and eligibility re-checks what matters for safety itself, so a Rule built by hand that lists
 * a forbidden action still cannot make such a request eligible.
 *
 * @param actions           the actions a request may hold, as written
 * @param resources         ARN patterns a requested resource must match one of
 * @param requesters        role ARN patterns ({@code arn:aws:iam::A:role/NAME}, A may be {@code *}) whose sessions
 *                          may request
 * @param accounts          the accounts the rule covers: 12-digit ids, or {@link #ANY_ACCOUNT} alone; empty when
 *                          the rule names none, and then its requester patterns (each with a concrete account) say
 * @param approverGroup     name of the approver group; null only for a rule that always auto-approves
 * @param approvalsRequired how many distinct approvers must approve; 0 only for a rule that always auto-approves
 * @param approvalTimeout   how long approvers have; zero for a rule that always auto-approves and sets none
 * @param breakGlass        an emergency rule: flagged in audit and notifications so its use is reviewed
 */
public record Rule(
        String id,
        String description,
        List<String> actions,
        List<String> resources,
        List<String> requesters,
        List<String> accounts,
        String approverGroup,
        int approvalsRequired,
        Duration maxDuration,
        Duration approvalTimeout,
        AutoApprove autoApprove,
        boolean breakGlass) {

    /**
     * The longest grant a rule may allow. An IAM role session lasts at most 12 hours, so a longer window would
     * only outlive the credentials that use it; and access that lasts longer than a working day is not
     * "just in time" any more.
     */
    public static final Duration MAX_GRANT = Duration.ofHours(12);
    /** The one entry of {@link #accounts} that covers every account. */
    public static final String ANY_ACCOUNT = "*";

    public Rule {
        Objects.requireNonNull(id, "id");
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        requesters = List.copyOf(requesters);
        accounts = List.copyOf(accounts);
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(approvalTimeout, "approvalTimeout");
        autoApprove = autoApprove == null ? AutoApprove.NEVER : autoApprove;
    }

    /** Whether the rule covers {@code account}: it names it or any account, or names none (its requesters say). */
    public boolean coversAccount(String account) {
        return accounts.isEmpty() || accounts.contains(ANY_ACCOUNT) || accounts.contains(account);
    }
}
