package dev.jita.domain;

import java.util.List;
import java.util.Objects;

/** The answer of {@link Eligibility}: one rule, or a reason code and a message saying why not. */
public sealed interface EligibilityResult {

    /**
     * @param rule        the rule the request falls under
     * @param approvers   who may approve it: the rule's group without anyone who might be the requester
     * @param alsoMatched other rules that would have allowed it too, in file order (the requester may pick one
     *                    of them by ruleId)
     */
    record Eligible(Rule rule, List<Approver> approvers, List<String> alsoMatched) implements EligibilityResult {
        public Eligible {
            Objects.requireNonNull(rule, "rule");
            approvers = List.copyOf(approvers);
            alsoMatched = List.copyOf(alsoMatched);
        }

        /** Approved on arrival, without approvers. */
        public boolean autoApproved() {
            return rule.autoApprove().always();
        }
    }

    /**
     * @param reason  the stable code the API returns
     * @param message one sentence for the requester: what was wrong and what to do
     * @param ruleId  the rule the reason is about, or null when it is about the request itself
     */
    record NotEligible(Reason reason, String message, String ruleId) implements EligibilityResult {
        public NotEligible {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
