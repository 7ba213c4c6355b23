package dev.jita.domain;

import dev.jita.domain.EligibilityResult.Eligible;
import dev.jita.domain.EligibilityResult.NotEligible;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a request may be made, and under which rule (design.md: every action listed in the rule,
 * every resource a concrete ARN matching one of its patterns, the requester's role among its requesters).
 *
 * <p>The request itself is checked first, against nothing but {@link ActionGuard} and {@link Arn}: a forbidden
 * action, a wildcard or a malformed ARN is refused whatever the rules say, even if a rule (built by hand,
 * bypassing the loader) lists it. Rules then only ever narrow.
 *
 * <p>Without a ruleId, rules are tried in file order and the first that allows the whole request wins, like a
 * firewall's rule list: deterministic, and the file's author controls precedence. The requester can still
 * choose any other rule that allows the request by naming it (the result lists them in {@code alsoMatched}).
 */
public final class Eligibility {
    /** Clocks drift and people type slowly: a startAt this far in the past still counts as "now". */
    static final Duration START_TOLERANCE = Duration.ofMinutes(5);
    /** Access planned further ahead than this should be requested nearer the time. */
    static final Duration MAX_START_AHEAD = Duration.ofDays(30);

    /** Why a role ARN in a rule never lets in a role of Identity Center's name space, and what to do instead. */
    private static final String IAM_ROLE_RESERVED = "AWSReservedSSO_ roles belong to IAM Identity Center and no role"
            + " ARN in a rule matches them; sign in through Identity Center and ask under a rule that lists"
            + " identity-center:permission-set/<PermissionSetName>.";

    private final RuleBook rules;
    private final Clock clock;

    public Eligibility(RuleBook rules, Clock clock) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public EligibilityResult decide(EligibilityRequest request) {
        Optional<NotEligible> invalid = checkRequestItself(request, true);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        if (request.ruleId() != null) {
            Optional<Rule> rule = rules.rule(request.ruleId());
            if (rule.isEmpty()) {
                return new NotEligible(Reason.RULE_NOT_FOUND, "There is no rule '" + request.ruleId()
                        + "'; leave ruleId out to let jita find a rule, or check its spelling.", null);
            }
            return evaluate(rule.get(), request).map(f -> (EligibilityResult) f.asRefusal())
                    .orElseGet(() -> eligible(rule.get(), request, List.of()));
        }

        Rule chosen = null;
        List<String> others = new ArrayList<>();
        Failure closest = null;
        for (Rule rule : rules.rules()) {
            Optional<Failure> failure = evaluate(rule, request);
            if (failure.isEmpty()) {
                if (chosen == null) {
                    chosen = rule;
                } else {
                    others.add(rule.id());
                }
            } else if (closest == null || failure.get().stage().compareTo(closest.stage()) > 0) {
                closest = failure.get();
            }
        }
        if (chosen != null) {
            return eligible(chosen, request, others);
        }
        if (closest == null || closest.stage() == Stage.REQUESTER) {
            Requester who = request.requester();
            return new NotEligible(Reason.REQUESTER_NOT_ALLOWED, who.identityCenter()
                    .map(ic -> "No rule lets Identity Center users on permission set '" + ic.permissionSetName()
                            + "' request access (you are '" + ic.userName() + "' in account " + who.accountId()
                            + "); ask an administrator to add " + ic.requesterEntry() + " to a rule's requesters.")
                    .orElseGet(() -> "No rule lets role '" + who.roleArn() + "' request access; "
                            + (IdentityCenterSession.isReservedRoleName(who.roleName())
                            ? IAM_ROLE_RESERVED : "ask an administrator to add it to a rule.")),
                    null);
        }
        if (closest.stage() == Stage.ACCOUNT) {
            // The role may ask, but only under rules for other accounts: say so, not "no matching rule".
            return closest.asRefusal();
        }
        return new NotEligible(Reason.NO_MATCHING_RULE, "No rule allows this whole request: "
                + closest.message(), closest.ruleId());
    }

    /**
     * The grant's re-check before touching IAM (design.md, "Grant re-checks"): does the rule the request was
     * approved under, as the rules read now, still allow it? Everything about the request itself is checked again;
     * what belonged to the moment of asking is not: startAt may rightly be in the past by now, and the approvals
     * are already in (the callback re-checked each approver when they decided).
     */
    public EligibilityResult recheck(AccessRequest request) {
        EligibilityRequest asked = EligibilityRequest.of(request);
        Optional<NotEligible> invalid = checkRequestItself(asked, false);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Optional<Rule> rule = rules.rule(request.ruleId());
        if (rule.isEmpty()) {
            return new NotEligible(Reason.RULE_NOT_FOUND, "Rule '" + request.ruleId()
                    + "' no longer exists; ask for the access again under a current rule.", null);
        }
        return evaluate(rule.get(), asked).filter(f -> f.stage() != Stage.APPROVERS)
                .map(f -> (EligibilityResult) f.asRefusal())
                .orElseGet(() -> eligible(rule.get(), asked, List.of()));
    }

    private Optional<NotEligible> checkRequestItself(EligibilityRequest request, boolean checkStart) {
        if (request.actions().isEmpty() || request.resources().isEmpty()) {
            return Optional.of(new NotEligible(Reason.EMPTY_REQUEST,
                    "A request needs at least one action and one resource; name them.", null));
        }
        for (String action : request.actions()) {
            Optional<Refusal> refusal = ActionGuard.refusal(action);
            if (refusal.isPresent()) {
                return Optional.of(new NotEligible(refusal.get().reason(), refusal.get().message(), null));
            }
        }
        Optional<String> requesterAccount = roleArn(request.requester()).map(Arn::account);
        for (String resource : request.resources()) {
            Arn arn;
            try {
                arn = Arn.parse(resource);
            } catch (InvalidArnException e) {
                return Optional.of(new NotEligible(e.refusal().reason(), e.refusal().message(), null));
            }
            Optional<String> owner = arn.owningAccount();
            if (owner.isPresent() && requesterAccount.isPresent() && !owner.equals(requesterAccount)) {
                boolean sso = request.requester().identityCenter().isPresent();
                return Optional.of(new NotEligible(Reason.RESOURCE_IN_OTHER_ACCOUNT, "Resource '" + resource
                        + "' is in account " + owner.get() + ", but your " + (sso ? "Identity Center session" : "role")
                        + " is in account " + requesterAccount.get() + ": a "
                        + (sso ? "permission set assigned in your account" : "policy on your role")
                        + " cannot reach another account's resource on its own; ask from a "
                        + (sso ? "session" : "role") + " in account " + owner.get() + ".", null));
            }
        }
        Duration duration = request.duration();
        if (duration.isNegative() || duration.isZero()) {
            return Optional.of(new NotEligible(Reason.INVALID_DURATION,
                    "The duration must be longer than zero; ask for at least a minute.", null));
        }
        if (duration.compareTo(Rule.MAX_GRANT) > 0) {
            return Optional.of(new NotEligible(Reason.DURATION_TOO_LONG, "No grant may last longer than "
                    + Rule.MAX_GRANT + "; ask for a shorter window.", null));
        }
        if (checkStart && request.startAt() != null) {
            Instant now = clock.instant();
            if (request.startAt().isBefore(now.minus(START_TOLERANCE))) {
                return Optional.of(new NotEligible(Reason.INVALID_START, "startAt " + request.startAt()
                        + " is in the past; leave it out to start on approval.", null));
            }
            if (request.startAt().isAfter(now.plus(MAX_START_AHEAD))) {
                return Optional.of(new NotEligible(Reason.INVALID_START, "startAt " + request.startAt()
                        + " is more than 30 days ahead; request the access nearer the time.", null));
            }
        }
        return Optional.empty();
    }

    /** Why {@code rule} does not allow the request, or empty if it does. The request itself is already valid. */
    private Optional<Failure> evaluate(Rule rule, EligibilityRequest request) {
        String id = rule.id();
        Requester who = request.requester();
        if (!requesterAllowed(rule, who)) {
            return fail(Stage.REQUESTER, Reason.REQUESTER_NOT_ALLOWED, id, who.identityCenter()
                    .map(ic -> "rule '" + id + "' does not let Identity Center users on permission set '"
                            + ic.permissionSetName() + "' request access (you are '" + ic.userName()
                            + "'); pick a rule that lists " + ic.requesterEntry() + ".")
                    .orElseGet(() -> "rule '" + id + "' does not let role '" + who.roleArn() + "' request access; "
                            + (IdentityCenterSession.isReservedRoleName(who.roleName())
                            ? IAM_ROLE_RESERVED : "pick a rule that lists your role.")));
        }
        String account = roleArn(who).map(Arn::account).orElse("");
        if (!rule.coversAccount(account)) {
            return fail(Stage.ACCOUNT, Reason.ACCOUNT_NOT_COVERED, id, "rule '" + id + "' does not cover account "
                    + account + " (it covers " + String.join(", ", rule.accounts()) + "); pick a rule for your"
                    + " account.");
        }
        for (String action : request.actions()) {
            if (!actionAllowed(rule, action)) {
                return fail(Stage.ACTION, Reason.ACTION_NOT_ALLOWED, id, "rule '" + id + "' does not allow action '"
                        + action + "'; request only the actions it lists: " + String.join(", ", rule.actions()) + ".");
            }
        }
        for (String resource : request.resources()) {
            if (!resourceAllowed(rule, Arn.parse(resource))) {
                return fail(Stage.RESOURCE, Reason.RESOURCE_NOT_ALLOWED, id, "rule '" + id
                        + "' does not cover resource '" + resource + "'; it covers "
                        + String.join(", ", rule.resources()) + ".");
            }
        }
        if (request.duration().compareTo(rule.maxDuration()) > 0) {
            return fail(Stage.DURATION, Reason.DURATION_TOO_LONG, id, "rule '" + id + "' allows at most "
                    + rule.maxDuration() + " but " + request.duration() + " was asked; ask for less.");
        }
        if (!rule.autoApprove().always()) {
            List<Approver> able = approversFor(rule, who);
            if (rule.approvalsRequired() < 1 || able.size() < rule.approvalsRequired()) {
                return fail(Stage.APPROVERS, Reason.NO_ELIGIBLE_APPROVERS, id, "rule '" + id + "' needs "
                        + rule.approvalsRequired() + " approval(s) but only " + able.size()
                        + " of its approvers are not you; ask an administrator to add approvers.");
            }
        }
        return Optional.empty();
    }

    private Eligible eligible(Rule rule, EligibilityRequest request, List<String> others) {
        List<Approver> approvers = rule.autoApprove().always() ? List.of() : approversFor(rule, request.requester());
        return new Eligible(rule, approvers, others);
    }

    private List<Approver> approversFor(Rule rule, Requester who) {
        return rules.eligibleApprovers(rule, who);
    }

    /**
     * An Identity Center user is let in only by an {@code identity-center:permission-set/} entry, and only by a
     * rule that names its accounts (a permission set may be assigned in any account; the loader insists, a rule
     * built by hand without accounts lets no such user in). A role ARN pattern never matches a role in Identity
     * Center's reserved name space, not even literally or through {@code role/*}: IAM refuses changes to those
     * roles, and their users are granted through Identity Center, per permission set.
     */
    private static boolean requesterAllowed(Rule rule, Requester who) {
        Optional<IdentityCenterSession> ic = who.identityCenter();
        if (ic.isPresent()) {
            return !rule.accounts().isEmpty() && rule.requesters().stream()
                    .map(IdentityCenterSession::permissionSetPattern).flatMap(Optional::stream)
                    .anyMatch(ic.get()::onPermissionSet);
        }
        if (IdentityCenterSession.isReservedRoleName(who.roleName())) {
            return false;
        }
        return roleArn(who).map(role -> rule.requesters().stream().anyMatch(p -> patternMatches(p, role)))
                .orElse(false);
    }

    private static Optional<Arn> roleArn(Requester who) {
        try {
            return Optional.of(Arn.parse(who.roleArn()));
        } catch (InvalidArnException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    // A rule's own action must pass the guard too: a hand-built rule listing iam:* or iam:PassRole allows nothing.
    private static boolean actionAllowed(Rule rule, String action) {
        return rule.actions().stream().anyMatch(a -> ActionGuard.isRequestable(a) && ActionGuard.same(a, action));
    }

    private static boolean resourceAllowed(Rule rule, Arn resource) {
        return rule.resources().stream().anyMatch(p -> patternMatches(p, resource));
    }

    private static boolean patternMatches(String pattern, Arn arn) {
        try {
            return ArnPattern.parse(pattern).matches(arn);
        } catch (InvalidArnException e) {
            return false;
        }
    }

    private static Optional<Failure> fail(Stage stage, Reason reason, String ruleId, String message) {
        return Optional.of(new Failure(stage, reason, ruleId, message));
    }

    /** How far a rule got before failing: the rule that got furthest explains a refusal best. */
    private enum Stage { REQUESTER, ACCOUNT, ACTION, RESOURCE, DURATION, APPROVERS }

    /** @param message starts in lowercase, so it can also follow "No rule allows this whole request: " */
    private record Failure(Stage stage, Reason reason, String ruleId, String message) {
        NotEligible asRefusal() {
            return new NotEligible(reason, Character.toUpperCase(message.charAt(0)) + message.substring(1), ruleId);
        }
    }
}
