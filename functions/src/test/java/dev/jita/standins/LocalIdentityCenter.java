package dev.jita.standins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.identitycenter.IdentityCenter;
import dev.jita.identitycenter.IdentityCenterException;
import dev.jita.identitycenter.IdentityCenterUser;
import dev.jita.identitycenter.PermissionSetInfo;
import dev.jita.identitycenter.ProvisioningStatus;
import dev.jita.identitycenter.ProvisioningStatus.State;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * An in-memory IAM Identity Center for jita local and tests that behaves like the service where jita can notice:
 * one instance with its Identity Store ({@link #addUser}), permission sets with unique names, checked names, session
 * durations, descriptions, tags and inline policies, and account assignments provisioned <em>asynchronously</em>:
 * creating or deleting one answers IN_PROGRESS, and the request becomes SUCCEEDED (or FAILED, see
 * {@link #failNextProvisioning}) once {@link #setProvisioningDelay the delay} has passed on jita's clock; the only way
 * to see it is to poll the describe calls, and the assignment appears in (or leaves) the lists only then.
 *
 * <p>As the service does: an assignment provisions the permission set to its account, and the account's last
 * assignment going takes it off; an operation on a permission set while an assignment operation on the same
 * permission set is still in progress is a Conflict ("concurrent operations"); a permission set still assigned or
 * provisioned cannot be deleted (Conflict); the instance holds at most {@link #setMaxPermissionSets} permission sets
 * (QuotaExceeded). {@link #throttleNext} makes the next calls fail as throttled (retryable), and {@link #calls()}
 * lists every call by its API operation name. Thread-safe: every operation holds one lock.
 */
public final class LocalIdentityCenter implements IdentityCenter {
    public static final Duration DEFAULT_PROVISIONING_DELAY = Duration.ofSeconds(10);
    /** Identity Center's default quota of permission sets per instance. */
    public static final int DEFAULT_MAX_PERMISSION_SETS = 2000;

    /** SSO Admin API reference, CreatePermissionSet Name: 1..32 characters of [\w+=,.@-]. */
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,32}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final int MAX_DESCRIPTION = 700;
    private static final int MAX_INLINE_POLICY = 32_768;
    private static final int MAX_TAGS = 50;
    private static final Duration MIN_SESSION = Duration.ofHours(1);
    private static final Duration MAX_SESSION = Duration.ofHours(12);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A permission set as this instance holds it. */
    public record PermissionSetView(String arn, String name, String description, Duration sessionDuration,
                                    Map<String, String> tags, String inlinePolicy, List<String> provisionedAccounts,
                                    Instant createdAt) {
    }

    /** A user's permission set in an account, in place. */
    public record AssignmentView(String accountId, String permissionSetArn, String userId) {
    }

    /** An assignment's creation or deletion as requested, and where it stands by the clock. */
    public record RequestView(String requestId, String kind, String accountId, String permissionSetArn,
                              String userId, State state, String failureReason, Instant requestedAt) {
    }

    /** Everything at one instant, for jita local's page. */
    public record Snapshot(String instanceArn, String identityStoreId, List<IdentityCenterUser> users,
                           List<PermissionSetView> permissionSets, List<AssignmentView> assignments,
                           List<RequestView> requests) {
    }

    private enum Kind { CREATE, DELETE, PROVISION, DELETE_GROUP }

    /**
     * Told when a permission set becomes provisioned to an account (its first assignment there has finished) and when
     * it stops being (its last one there is deleted): where Identity Center creates the permission set's role in that
     * account ({@code AWSReservedSSO_<name>_<hex>} with its inline policy), and deletes it. Called under the
     * stand-in's lock, in the order provisioning finishes; it must not call back into the stand-in.
     */
    public interface ProvisioningListener {
        /** @param inlinePolicy the permission set's inline policy as it is now; empty when it has none */
        void provisioned(String accountId, String permissionSetName, Optional<String> inlinePolicy);

        void deprovisioned(String accountId, String permissionSetName);
    }

    private static final ProvisioningListener NOBODY = new ProvisioningListener() {
        @Override
        public void provisioned(String accountId, String permissionSetName, Optional<String> inlinePolicy) {
        }

        @Override
        public void deprovisioned(String accountId, String permissionSetName) {
        }
    };

    private static final class PermissionSet {
        final String arn;
        final String name;
        final String description;
        final Duration sessionDuration;
        final Map<String, String> tags;
        final Instant createdAt;
        String inlinePolicy;
        final Set<String> provisionedAccounts = new LinkedHashSet<>();

        PermissionSet(String arn, String name, String description, Duration sessionDuration, Map<String, String> tags,
                      Instant createdAt) {
            this.arn = arn;
            this.name = name;
            this.description = description;
            this.sessionDuration = sessionDuration;
            this.tags = tags;
            this.createdAt = createdAt;
        }
    }

    private record Request(String requestId, Kind kind, AssignmentView assignment, Instant requestedAt,
                           Instant settlesAt, String failureReason) {
        State state(Instant now) {
            if (now.isBefore(settlesAt)) {
                return State.IN_PROGRESS;
            }
            return failureReason == null ? State.SUCCEEDED : State.FAILED;
        }

        ProvisioningStatus status(Instant now) {
            State state = state(now);
            return new ProvisioningStatus(requestId, state, state == State.FAILED ? failureReason : null);
        }
    }

    /** The tag scope of the caller on this thread: jita's role through {@link #asRole}; null for an administrator. */
    private final ThreadLocal<Map.Entry<String, String>> callerScope = new ThreadLocal<>();
    private final Clock clock;
    private final RandomGenerator random;
    private final String instanceArn;
    private final String identityStoreId;
    private final Object lock = new Object();
    private final Map<String, IdentityCenterUser> usersByName = new LinkedHashMap<>();
    private final Map<String, PermissionSet> permissionSets = new LinkedHashMap<>();
    private final Set<AssignmentView> assignments = new LinkedHashSet<>();
    /** Group assignments (the view's userId holds the group id): jita never makes one; tests seed them. */
    private final Set<AssignmentView> groupAssignments = new LinkedHashSet<>();
    private final Map<String, Request> requests = new LinkedHashMap<>();
    /** Requests whose effect is not applied yet, in the order they settle. */
    private final List<Request> unsettled = new ArrayList<>();
    private final Map<String, String> failingAccounts = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private Duration provisioningDelay = DEFAULT_PROVISIONING_DELAY;
    private int maxPermissionSets = DEFAULT_MAX_PERMISSION_SETS;
    private int throttled;
    private String failNext;
    private ProvisioningListener listener = NOBODY;

    /** @param clock jita's clock: provisioning completes by it */
    public LocalIdentityCenter(Clock clock) {
        this(clock, new SecureRandom());
    }

    /** @param random source of the instance's, store's and permission sets' ids; seed it for reproducible ids */
    public LocalIdentityCenter(Clock clock, RandomGenerator random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.instanceArn = "arn:aws:sso:::instance/ssoins-" + hex(16);
        this.identityStoreId = "d-" + hex(10);
    }

    // --- what a test or jita local sets up -------------------------------------------------------------------

    /** Adds an Identity Store user; its id is a new UUID. @param email null for none */
    public IdentityCenterUser addUser(String userName, String displayName, String email) {
        Objects.requireNonNull(userName, "userName");
        synchronized (lock) {
            if (usersByName.containsKey(userName)) {
                throw new IllegalStateException("The local Identity Store already has a user " + userName + ".");
            }
            IdentityCenterUser user = new IdentityCenterUser(UUID.randomUUID().toString(), userName,
                    displayName == null || displayName.isBlank() ? userName : displayName, email);
            usersByName.put(userName, user);
            return user;
        }
    }

    public String identityStoreId() {
        return identityStoreId;
    }

    /** How long an assignment's creation or deletion stays IN_PROGRESS, on the clock. */
    public void setProvisioningDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the provisioning delay cannot be negative");
        }
        synchronized (lock) {
            provisioningDelay = delay;
        }
    }

    public void setMaxPermissionSets(int max) {
        synchronized (lock) {
            maxPermissionSets = max;
        }
    }

    /** Who hears of permission sets provisioned to and taken off accounts (jita local: the accounts' IAM). */
    public void onProvisioning(ProvisioningListener listener) {
        synchronized (lock) {
            this.listener = Objects.requireNonNull(listener, "listener");
        }
    }

    /** The next assignment creation ends FAILED with this reason (and assigns nothing). */
    public void failNextProvisioning(String reason) {
        synchronized (lock) {
            failNext = Objects.requireNonNull(reason, "reason");
        }
    }

    /** Every assignment creation in this account ends FAILED with this reason, until set to null. */
    public void failProvisioningIn(String accountId, String reason) {
        synchronized (lock) {
            if (reason == null) {
                failingAccounts.remove(accountId);
            } else {
                failingAccounts.put(accountId, reason);
            }
        }
    }

    /** The next {@code n} calls fail as throttled: ServiceFailure, retryable. */
    /**
     * This instance as jita's role in the Identity Center account sees it (JitaIdentityCenterAccess): it may create
     * permission sets only with the tag {@code key=value}, and name (describe, read, change, assign, delete) only those
     * carrying it; any other is AccessDenied, as IAM answers. Listing and user lookups are allowed. This object itself
     * stays the administrator's view the tests set things up with.
     */
    public IdentityCenter asRole(String key, String value) {
        Map.Entry<String, String> scope = Map.entry(key, value);
        LocalIdentityCenter service = this;
        return new IdentityCenter() {
            private <T> T as(java.util.function.Supplier<T> call) {
                callerScope.set(scope);
                try {
                    return call.get();
                } finally {
                    callerScope.remove();
                }
            }

            @Override
            public String instanceArn() {
                return service.instanceArn();
            }

            @Override
            public IdentityCenterUser user(String userName) {
                return as(() -> service.user(userName));
            }

            @Override
            public String createPermissionSet(String name, String description, Duration sessionDuration,
                                              Map<String, String> tags) {
                return as(() -> service.createPermissionSet(name, description, sessionDuration, tags));
            }

            @Override
            public PermissionSetInfo describePermissionSet(String permissionSetArn) {
                return as(() -> service.describePermissionSet(permissionSetArn));
            }

            @Override
            public Map<String, String> tags(String permissionSetArn) {
                return as(() -> service.tags(permissionSetArn));
            }

            @Override
            public List<String> listPermissionSets() {
                return as(service::listPermissionSets);
            }

            @Override
            public void putInlinePolicy(String permissionSetArn, String document) {
                as(() -> {
                    service.putInlinePolicy(permissionSetArn, document);
                    return null;
                });
            }

            @Override
            public Optional<String> inlinePolicy(String permissionSetArn) {
                return as(() -> service.inlinePolicy(permissionSetArn));
            }

            @Override
            public ProvisioningStatus createAccountAssignment(String accountId, String permissionSetArn,
                                                              String userId) {
                return as(() -> service.createAccountAssignment(accountId, permissionSetArn, userId));
            }

            @Override
            public ProvisioningStatus assignmentCreationStatus(String provisioningRequestId) {
                return as(() -> service.assignmentCreationStatus(provisioningRequestId));
            }

            @Override
            public ProvisioningStatus deleteAccountAssignment(String accountId, String permissionSetArn,
                                                              String userId) {
                return as(() -> service.deleteAccountAssignment(accountId, permissionSetArn, userId));
            }

            @Override
            public List<String> assignedUsers(String accountId, String permissionSetArn) {
                return as(() -> service.assignedUsers(accountId, permissionSetArn));
            }

            @Override
            public List<String> provisionedAccounts(String permissionSetArn) {
                return as(() -> service.provisionedAccounts(permissionSetArn));
            }

            @Override
            public ProvisioningStatus provisionPermissionSet(String permissionSetArn, String accountId) {
                return as(() -> service.provisionPermissionSet(permissionSetArn, accountId));
            }

            @Override
            public List<String> assignedGroups(String accountId, String permissionSetArn) {
                return as(() -> service.assignedGroups(accountId, permissionSetArn));
            }

            @Override
            public ProvisioningStatus deleteGroupAssignment(String accountId, String permissionSetArn,
                                                            String groupId) {
                return as(() -> service.deleteGroupAssignment(accountId, permissionSetArn, groupId));
            }

            @Override
            public void deletePermissionSet(String permissionSetArn) {
                as(() -> {
                    service.deletePermissionSet(permissionSetArn);
                    return null;
                });
            }
        };
    }

    public void throttleNext(int n) {
        synchronized (lock) {
            throttled = n;
        }
    }

    /**
     * An assignment already in place and provisioned, as an earlier run (or a crash) may leave one: together with a
     * permission set tagged as jita's, an orphan for the sweeper to find.
     */
    public void seedAssignment(String accountId, String permissionSetArn, String userId) {
        synchronized (lock) {
            settle();
            PermissionSet set = permissionSet("seed", permissionSetArn);
            assignments.add(new AssignmentView(accountId, permissionSetArn, userId));
            provision(set, accountId);
        }
    }

    /** A group's assignment of the permission set in the account, in place and provisioned (an administrator's). */
    public void seedGroupAssignment(String accountId, String permissionSetArn, String groupId) {
        synchronized (lock) {
            settle();
            PermissionSet set = permissionSet("seed", permissionSetArn);
            groupAssignments.add(new AssignmentView(accountId, permissionSetArn, groupId));
            provision(set, accountId);
        }
    }

    /** Every call so far, by its API operation name, throttled and refused ones included. */
    public List<String> calls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    public Snapshot snapshot() {
        synchronized (lock) {
            settle();
            Instant now = clock.instant();
            List<PermissionSetView> sets = permissionSets.values().stream().map(s -> new PermissionSetView(s.arn,
                    s.name, s.description, s.sessionDuration, Map.copyOf(s.tags), s.inlinePolicy,
                    List.copyOf(s.provisionedAccounts), s.createdAt)).toList();
            List<RequestView> views = requests.values().stream().map(r -> {
                ProvisioningStatus status = r.status(now);
                return new RequestView(r.requestId, r.kind.name(), r.assignment.accountId(),
                        r.assignment.permissionSetArn(), r.assignment.userId(), status.state(),
                        status.failureReason(), r.requestedAt);
            }).toList();
            return new Snapshot(instanceArn, identityStoreId, List.copyOf(usersByName.values()), sets,
                    List.copyOf(assignments), views);
        }
    }

    // --- IdentityCenter --------------------------------------------------------------------------------------

    @Override
    public String instanceArn() {
        return instanceArn;
    }

    @Override
    public IdentityCenterUser user(String userName) {
        synchronized (lock) {
            enter("GetUserId");
            IdentityCenterUser user = usersByName.get(userName);
            if (user == null) {
                throw new IdentityCenterException.NotFound("Identity Center GetUserId on user " + userName
                        + " failed: ResourceNotFoundException: USER not found.");
            }
            calls.add("DescribeUser");
            return user;
        }
    }

    @Override
    public String createPermissionSet(String name, String description, Duration sessionDuration,
                                      Map<String, String> tags) {
        synchronized (lock) {
            String op = "CreatePermissionSet";
            enter(op);
            String what = "permission set " + name;
            if (name == null || !NAME.matcher(name).matches()) {
                throw invalid(op, what, "the name must be 1 to 32 characters of letters, digits and +=,.@_-");
            }
            Duration duration = sessionDuration == null ? MIN_SESSION : sessionDuration;
            if (duration.compareTo(MIN_SESSION) < 0 || duration.compareTo(MAX_SESSION) > 0) {
                throw invalid(op, what, "the session duration must be from PT1H to PT12H, not " + duration);
            }
            if (description != null && (description.isEmpty() || description.length() > MAX_DESCRIPTION)) {
                throw invalid(op, what, "the description must be 1 to 700 characters");
            }
            Map<String, String> tagged = new TreeMap<>(tags == null ? Map.of() : tags);
            checkTags(op, what, tagged);
            Map.Entry<String, String> scope = callerScope.get();
            if (scope != null && !scope.getValue().equals(tagged.get(scope.getKey()))) {
                throw new IdentityCenterException.AccessDenied("Identity Center " + op + " on " + what
                        + " failed: AccessDeniedException: the caller may create only permission sets tagged "
                        + scope.getKey() + "=" + scope.getValue() + ".");
            }
            if (permissionSets.values().stream().anyMatch(s -> s.name.equals(name))) {
                throw new IdentityCenterException.Conflict("Identity Center " + op + " on " + what
                        + " failed: ConflictException: PermissionSet with name " + name + " already exists.");
            }
            if (permissionSets.size() >= maxPermissionSets) {
                throw new IdentityCenterException.QuotaExceeded("Identity Center " + op + " on " + what
                        + " failed: ServiceQuotaExceededException: the instance already has " + permissionSets.size()
                        + " permission sets, its quota.");
            }
            String arn;
            do {
                arn = "arn:aws:sso:::permissionSet/" + instanceArn.substring(instanceArn.lastIndexOf('/') + 1)
                        + "/ps-" + hex(16);
            } while (permissionSets.containsKey(arn));
            permissionSets.put(arn, new PermissionSet(arn, name, description, duration, tagged, clock.instant()));
            return arn;
        }
    }

    @Override
    public PermissionSetInfo describePermissionSet(String permissionSetArn) {
        synchronized (lock) {
            enter("DescribePermissionSet");
            PermissionSet set = permissionSet("DescribePermissionSet", permissionSetArn);
            return new PermissionSetInfo(set.arn, set.name, set.description, set.createdAt);
        }
    }

    @Override
    public Map<String, String> tags(String permissionSetArn) {
        synchronized (lock) {
            enter("ListTagsForResource");
            return Map.copyOf(permissionSet("ListTagsForResource", permissionSetArn).tags);
        }
    }

    @Override
    public List<String> listPermissionSets() {
        synchronized (lock) {
            enter("ListPermissionSets");
            return List.copyOf(permissionSets.keySet());
        }
    }

    @Override
    public void putInlinePolicy(String permissionSetArn, String document) {
        synchronized (lock) {
            String op = "PutInlinePolicyToPermissionSet";
            enter(op);
            PermissionSet set = permissionSet(op, permissionSetArn);
            String what = "permission set " + permissionSetArn;
            if (document == null || document.isEmpty() || document.length() > MAX_INLINE_POLICY) {
                throw invalid(op, what, "the inline policy must be 1 to 32768 characters");
            }
            if (!isJsonObject(document)) {
                throw invalid(op, what, "the inline policy is not a JSON policy document");
            }
            requireNoOperationInProgress(op, permissionSetArn);
            set.inlinePolicy = document;
        }
    }

    @Override
    public Optional<String> inlinePolicy(String permissionSetArn) {
        synchronized (lock) {
            enter("GetInlinePolicyForPermissionSet");
            return Optional.ofNullable(permissionSet("GetInlinePolicyForPermissionSet", permissionSetArn).inlinePolicy);
        }
    }

    @Override
    public ProvisioningStatus createAccountAssignment(String accountId, String permissionSetArn, String userId) {
        synchronized (lock) {
            String op = "CreateAccountAssignment";
            enter(op);
            AssignmentView assignment = checkAssignment(op, accountId, permissionSetArn, userId);
            requireNoOperationInProgress(op, permissionSetArn);
            String failure = failNext != null ? failNext : failingAccounts.get(accountId);
            failNext = null;
            return start(Kind.CREATE, assignment, failure);
        }
    }

    @Override
    public ProvisioningStatus assignmentCreationStatus(String provisioningRequestId) {
        synchronized (lock) {
            enter("DescribeAccountAssignmentCreationStatus");
            return request("DescribeAccountAssignmentCreationStatus", provisioningRequestId, Kind.CREATE)
                    .status(clock.instant());
        }
    }

    @Override
    public ProvisioningStatus deleteAccountAssignment(String accountId, String permissionSetArn, String userId) {
        synchronized (lock) {
            String op = "DeleteAccountAssignment";
            enter(op);
            return startDeletion(op, checkAssignment(op, accountId, permissionSetArn, userId), assignments, "user",
                    Kind.DELETE);
        }
    }

    @Override
    public List<String> assignedGroups(String accountId, String permissionSetArn) {
        return assigned(groupAssignments, accountId, permissionSetArn);
    }

    @Override
    public ProvisioningStatus deleteGroupAssignment(String accountId, String permissionSetArn, String groupId) {
        synchronized (lock) {
            String op = "DeleteAccountAssignment";
            enter(op);
            permissionSet(op, permissionSetArn);
            return startDeletion(op, new AssignmentView(accountId, permissionSetArn, groupId), groupAssignments,
                    "group", Kind.DELETE_GROUP);
        }
    }

    @Override
    public List<String> assignedUsers(String accountId, String permissionSetArn) {
        return assigned(assignments, accountId, permissionSetArn);
    }

    /** ListAccountAssignments, of users or of groups (the view's third field holds the principal's id). */
    private List<String> assigned(Set<AssignmentView> kind, String accountId, String permissionSetArn) {
        synchronized (lock) {
            enter("ListAccountAssignments");
            permissionSet("ListAccountAssignments", permissionSetArn);
            return kind.stream().filter(a -> a.accountId().equals(accountId)
                    && a.permissionSetArn().equals(permissionSetArn)).map(AssignmentView::userId).toList();
        }
    }

    /** DeleteAccountAssignment of a user's or a group's assignment, under the lock: asynchronous, like the service. */
    private ProvisioningStatus startDeletion(String op, AssignmentView assignment, Set<AssignmentView> kind,
                                             String principal, Kind deletion) {
        requireNoOperationInProgress(op, assignment.permissionSetArn());
        if (!kind.contains(assignment)) {
            throw new IdentityCenterException.NotFound("Identity Center " + op + " on permission set "
                    + assignment.permissionSetArn() + " for " + principal + " " + assignment.userId() + " in account "
                    + assignment.accountId() + " failed: ResourceNotFoundException: no such account assignment.");
        }
        return start(deletion, assignment, null);
    }

    @Override
    public List<String> provisionedAccounts(String permissionSetArn) {
        synchronized (lock) {
            enter("ListAccountsForProvisionedPermissionSet");
            return List.copyOf(permissionSet("ListAccountsForProvisionedPermissionSet", permissionSetArn)
                    .provisionedAccounts);
        }
    }

    @Override
    public void deletePermissionSet(String permissionSetArn) {
        synchronized (lock) {
            String op = "DeletePermissionSet";
            enter(op);
            PermissionSet set = permissionSet(op, permissionSetArn);
            requireNoOperationInProgress(op, permissionSetArn);
            if (assignments.stream().anyMatch(a -> a.permissionSetArn().equals(permissionSetArn))
                    || groupAssignments.stream().anyMatch(a -> a.permissionSetArn().equals(permissionSetArn))
                    || !set.provisionedAccounts.isEmpty()) {
                throw new IdentityCenterException.Conflict("Identity Center " + op + " on permission set "
                        + permissionSetArn + " failed: ConflictException: the permission set is still assigned or"
                        + " provisioned in " + set.provisionedAccounts + "; remove its account assignments first.");
            }
            permissionSets.remove(permissionSetArn);
        }
    }

    /**
     * ProvisionPermissionSet to one account: asynchronous like an assignment (a conflict for other operations on the
     * permission set meanwhile); when it finishes, the account's role gets the permission set's inline policy as it
     * was asked to be provisioned. Only to an account the permission set is provisioned to.
     */
    @Override
    public ProvisioningStatus provisionPermissionSet(String permissionSetArn, String accountId) {
        synchronized (lock) {
            String op = "ProvisionPermissionSet";
            enter(op);
            PermissionSet set = permissionSet(op, permissionSetArn);
            String what = "permission set " + permissionSetArn + " in account " + accountId;
            if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
                throw invalid(op, what, "the target must be a 12-digit account id");
            }
            if (!set.provisionedAccounts.contains(accountId)) {
                throw new IdentityCenterException.NotFound("Identity Center " + op + " on " + what
                        + " failed: ResourceNotFoundException: the permission set is not provisioned to that account.");
            }
            requireNoOperationInProgress(op, permissionSetArn);
            return start(Kind.PROVISION, new AssignmentView(accountId, permissionSetArn, null), null);
        }
    }

    // --- the service's behaviour -----------------------------------------------------------------------------

    /** Every call starts here, under the lock: recorded, maybe throttled, and provisioning caught up to the clock. */
    private void enter(String operation) {
        calls.add(operation);
        if (throttled > 0) {
            throttled--;
            throw new IdentityCenterException.ServiceFailure("Identity Center " + operation
                    + " failed: ThrottlingException: Rate exceeded (try again later)", true, null);
        }
        settle();
    }

    /** Applies the effect of every request that has finished by now, in the order they finished. */
    private void settle() {
        Instant now = clock.instant();
        unsettled.sort(Comparator.comparing(Request::settlesAt));
        while (!unsettled.isEmpty() && !now.isBefore(unsettled.get(0).settlesAt())) {
            Request done = unsettled.remove(0);
            AssignmentView a = done.assignment();
            PermissionSet set = permissionSets.get(a.permissionSetArn());
            if (done.failureReason() != null || set == null) {
                continue;
            }
            if (done.kind() == Kind.CREATE) {
                assignments.add(a);
                provision(set, a.accountId());
            } else if (done.kind() == Kind.PROVISION) {
                if (set.provisionedAccounts.contains(a.accountId())) {
                    listener.provisioned(a.accountId(), set.name, Optional.ofNullable(set.inlinePolicy));
                }
            } else {
                (done.kind() == Kind.DELETE_GROUP ? groupAssignments : assignments).remove(a);
                boolean lastInAccount = java.util.stream.Stream.concat(assignments.stream(), groupAssignments.stream())
                        .noneMatch(o -> o.accountId().equals(a.accountId())
                                && o.permissionSetArn().equals(a.permissionSetArn()));
                if (lastInAccount && set.provisionedAccounts.remove(a.accountId())) {
                    listener.deprovisioned(a.accountId(), set.name);
                }
            }
        }
    }

    private void provision(PermissionSet set, String accountId) {
        if (set.provisionedAccounts.add(accountId)) {
            listener.provisioned(accountId, set.name, Optional.ofNullable(set.inlinePolicy));
        }
    }

    private ProvisioningStatus start(Kind kind, AssignmentView assignment, String failure) {
        Instant now = clock.instant();
        Request request = new Request(UUID.randomUUID().toString(), kind, assignment, now, now.plus(provisioningDelay),
                failure);
        requests.put(request.requestId(), request);
        unsettled.add(request);
        // The service always answers the request as started; its outcome is for the describe calls.
        return new ProvisioningStatus(request.requestId(), State.IN_PROGRESS, null);
    }

    // Identity Center provisions one permission set at a time: a second operation meanwhile is refused.
    private void requireNoOperationInProgress(String operation, String permissionSetArn) {
        Instant now = clock.instant();
        boolean busy = unsettled.stream().anyMatch(r -> r.assignment().permissionSetArn().equals(permissionSetArn)
                && r.state(now) == State.IN_PROGRESS);
        if (busy) {
            throw new IdentityCenterException.Conflict("Identity Center " + operation + " on permission set "
                    + permissionSetArn + " failed: ConflictException: another operation on this permission set is"
                    + " in progress; try again once it has finished.");
        }
    }

    private AssignmentView checkAssignment(String operation, String accountId, String permissionSetArn,
                                           String userId) {
        permissionSet(operation, permissionSetArn);
        String what = "permission set " + permissionSetArn + " for user " + userId + " in account " + accountId;
        if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
            throw invalid(operation, what, "the target must be a 12-digit account id");
        }
        if (usersByName.values().stream().noneMatch(u -> u.userId().equals(userId))) {
            throw new IdentityCenterException.NotFound("Identity Center " + operation + " on " + what
                    + " failed: ResourceNotFoundException: no such user in the Identity Store.");
        }
        return new AssignmentView(accountId, permissionSetArn, userId);
    }

    private PermissionSet permissionSet(String operation, String permissionSetArn) {
        PermissionSet set = permissionSets.get(permissionSetArn);
        if (set == null) {
            throw new IdentityCenterException.NotFound("Identity Center " + operation + " on permission set "
                    + permissionSetArn + " failed: ResourceNotFoundException: no such permission set.");
        }
        Map.Entry<String, String> scope = callerScope.get();
        if (scope != null && !scope.getValue().equals(set.tags.get(scope.getKey()))) {
            throw new IdentityCenterException.AccessDenied("Identity Center " + operation + " on permission set "
                    + permissionSetArn + " failed: AccessDeniedException: the caller may act only on permission sets"
                    + " tagged " + scope.getKey() + "=" + scope.getValue() + ".");
        }
        return set;
    }

    private Request request(String operation, String requestId, Kind kind) {
        Request request = requests.get(requestId);
        if (request == null || request.kind() != kind) {
            throw new IdentityCenterException.NotFound("Identity Center " + operation + " on request " + requestId
                    + " failed: ResourceNotFoundException: no such provisioning request.");
        }
        return request;
    }

    private static void checkTags(String operation, String what, Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw invalid(operation, what, "at most 50 tags");
        }
        Set<String> keys = new HashSet<>();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            if (key == null || key.isEmpty() || key.length() > 128 || key.startsWith("aws:")
                    || tag.getValue() == null || tag.getValue().length() > 256 || !keys.add(key)) {
                throw invalid(operation, what, "tag keys must be 1 to 128 characters not starting with aws:,"
                        + " values at most 256");
            }
        }
    }

    private static IdentityCenterException invalid(String operation, String what, String why) {
        return new IdentityCenterException.Validation("Identity Center " + operation + " on " + what
                + " failed: ValidationException: " + why + ".");
    }

    private static boolean isJsonObject(String document) {
        try {
            return JSON.readTree(document).isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private String hex(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(Character.forDigit(random.nextInt(16), 16));
        }
        return s.toString();
    }
}
