package dev.jita.requests;

import dev.jita.domain.Approver;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.store.RequestStore;
import dev.jita.store.StoredRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may see a request: its requester, an approver of its rule (known by principal), an auditor or an admin
 * (design.md, "Rules"). Everyone else is told the same as for a request that does not exist, so ids cannot be
 * probed.
 */
final class Access {
    private final RuleBook rules;
    private final RequestStore store;

    Access(RuleBook rules, RequestStore store) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The request if {@code who} may see it; empty for a request that does not exist, as for one hidden. */
    Optional<StoredRequest> visible(String requestId, Requester who) {
        if (!RequestIds.isWellFormed(requestId)) {
            return Optional.empty();
        }
        return store.find(requestId).filter(request -> canRead(request, who));
    }

    boolean canRead(StoredRequest request, Requester who) {
        return isRequester(request, who) || isPrivileged(who) || isApprover(request, who);
    }

    static boolean isRequester(StoredRequest request, Requester who) {
        return request.request().requester().arn().equals(who.arn());
    }

    /** Admins and auditors read everything. */
    boolean isPrivileged(Requester who) {
        return rules.isAdmin(who) || rules.isAuditor(who);
    }

    boolean isAdmin(Requester who) {
        return rules.isAdmin(who);
    }

    private boolean isApprover(StoredRequest request, Requester who) {
        return rules.rule(request.request().ruleId())
                .map(rule -> rules.approversOf(rule).stream().anyMatch(a -> isPrincipalOf(a, who)))
                .orElse(false);
    }

    // An approver's principal names one session, or a role whose sessions are all that person.
    private static boolean isPrincipalOf(Approver approver, Requester who) {
        return who.isNamedBy(approver.principal());
    }
}
