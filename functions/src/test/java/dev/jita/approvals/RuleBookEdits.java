package dev.jita.approvals;

import dev.jita.domain.Approver;
import dev.jita.domain.RuleBook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** "The rules changed": the test's rule book with a rule or an approver taken out. */
final class RuleBookEdits {

    private RuleBookEdits() {
    }

    static void without(ApprovalWorld world, String ruleId) {
        RuleBook book = world.rules.get();
        world.rules.set(new RuleBook(book.version(), book.approverGroups(), book.admins(), book.auditors(),
                book.rules().stream().filter(r -> !r.id().equals(ruleId)).toList()));
    }

    static void withoutApprover(ApprovalWorld world, String approverId) {
        RuleBook book = world.rules.get();
        Map<String, List<Approver>> groups = new LinkedHashMap<>();
        book.approverGroups().forEach((name, members) ->
                groups.put(name, members.stream().filter(a -> !a.id().equals(approverId)).toList()));
        world.rules.set(new RuleBook(book.version(), groups, book.admins(), book.auditors(), book.rules()));
    }

    /** The approver known by {@code principal} from now on, as if the rules file said so. */
    static void withPrincipal(ApprovalWorld world, String approverId, String principal) {
        RuleBook book = world.rules.get();
        Map<String, List<Approver>> groups = new LinkedHashMap<>();
        book.approverGroups().forEach((name, members) -> groups.put(name, members.stream()
                .map(a -> a.id().equals(approverId) ? new Approver(a.id(), a.email(), principal) : a).toList()));
        world.rules.set(new RuleBook(book.version(), groups, book.admins(), book.auditors(), book.rules()));
    }
}
