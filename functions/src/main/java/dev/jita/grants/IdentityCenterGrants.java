package dev.jita.grants;

import dev.jita.identitycenter.IdentityCenter;
import dev.jita.identitycenter.IdentityCenterException;
import dev.jita.identitycenter.IdentityCenterUser;
import dev.jita.identitycenter.PermissionSetInfo;
import dev.jita.identitycenter.ProvisioningStatus;
import dev.jita.app.Pause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Identity Center side of a grant (issue 14): IAM refuses every change to the {@code AWSReservedSSO_*} roles of
 * Identity Center users, so their grant is a permission set of jita's own per request, {@code jita-<request id>},
 * holding exactly the request's statement, assigned to that one user in that one account.
 *
 * <p>Identity Center provisions assignments asynchronously. This class never waits on its own for a creation: the
 * workflow polls it (its AwaitProvisioning state), so no function is billed while Identity Center works and the bound
 * is visible in the definition. A deletion is retried the same way by the workflow's Revoke state; an early revoke,
 * which has no workflow step of its own, polls a few times ({@link #removeSoon}) and otherwise leaves the permission
 * set to the sweeper.
 *
 * <p>jita touches only permission sets it created: named after a request and tagged {@value #TAG_MANAGED} with that
 * request's id in {@value #TAG_REQUEST_ID}; its role in the Identity Center account is scoped to that tag.
 */
public final class IdentityCenterGrants {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityCenterGrants.class);
    public static final String NAME_PREFIX = "jita-";
    public static final String TAG_MANAGED = "jita:managed";
    public static final String TAG_REQUEST_ID = "jita:request-id";
    /**
     * Identity Center's shortest session. The access itself ends at notAfter whatever the session's length: the
     * permission set's policy carries the same aws:CurrentTime bounds as an inline policy.
     */
    public static final Duration SESSION_DURATION = Duration.ofHours(1);
    /** Keys of the request's grant record for an Identity Center grant. */
    public static final String GRANT_PERMISSION_SET_ARN = "permissionSetArn";
    public static final String GRANT_USER_ID = "identityCenterUserId";
    private static final String REQUEST_ID_PREFIX = "r-";
    private static final int DESCRIPTION_MAX = 700;
    /** What an early revoke leaves in the permission set until it is deleted: nothing allowed. */
    static final String DENY_ALL = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"JitaRevoked\","
            + "\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    private final IdentityCenter identityCenter;
    private final Pause pause;
    private final List<Duration> earlyRevokePolls;
    /** Permission sets whose name is not jita's: never described again (see {@link #jitaPermissionSets}). */
    private final Set<String> notJitas = ConcurrentHashMap.newKeySet();

    /**
     * @param pause            waits between an early revoke's looks at a deletion (tests pass {@link Pause#NONE})
     * @param earlyRevokePolls how long to wait before each further look; their sum bounds an early revoke's wait
     */
    public IdentityCenterGrants(IdentityCenter identityCenter, Pause pause, List<Duration> earlyRevokePolls) {
        this.identityCenter = Objects.requireNonNull(identityCenter, "identityCenter");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.earlyRevokePolls = List.copyOf(earlyRevokePolls);
    }

    /**
     * The default bound: looks after 1, 2, 3, 4, 5 and 6 seconds, 21 s in all, within API Gateway's 29 s: time for
     * the policy push and then the deletion, each a few seconds in Identity Center.
     */
    public static List<Duration> defaultEarlyRevokePolls() {
        return List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4),
                Duration.ofSeconds(5), Duration.ofSeconds(6));
    }

    public String instanceArn() {
        return identityCenter.instanceArn();
    }

    /** {@code jita-} and the request id without its {@code r-}: 31 characters, within Identity Center's 32. */
    public static String permissionSetName(String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        if (!requestId.startsWith(REQUEST_ID_PREFIX) || requestId.length() == REQUEST_ID_PREFIX.length()) {
            throw new IllegalArgumentException("not a request id: " + requestId);
        }
        return NAME_PREFIX + requestId.substring(REQUEST_ID_PREFIX.length());
    }

    /** The request id a jita permission set name stands for; empty for any other name. */
    public static Optional<String> requestIdOf(String permissionSetName) {
        if (permissionSetName == null || !permissionSetName.startsWith(NAME_PREFIX)
                || permissionSetName.length() == NAME_PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(REQUEST_ID_PREFIX + permissionSetName.substring(NAME_PREFIX.length()));
    }

    /**
     * What an Identity Center user does once the request is ACTIVE: the one sentence the request's answer, its
     * timeline and the message saying it is active carry.
     */
    public static String howToUse(String permissionSetName, String accountId) {
        return "Sign in again through the AWS access portal (or run aws sso login) and choose permission set "
                + permissionSetName + " in account " + accountId + ".";
    }

    /** The user of an Identity Center session, by its user name. */
    public IdentityCenterUser user(String userName) {
        return identityCenter.user(userName);
    }

    /**
     * The request's permission set: created with its tags, or, when a run before this one created it and stopped
     * before recording it, found by its name. One found by name must carry this request's tag, or it is not jita's.
     *
     * @return its ARN
     */
    public String createPermissionSet(String requestId, String description) {
        String name = permissionSetName(requestId);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_MANAGED, "true");
        tags.put(TAG_REQUEST_ID, requestId);
        String shortDescription = description.length() <= DESCRIPTION_MAX ? description
                // ASCII: Identity Center refuses characters outside Latin-1 in a description.
                : description.substring(0, DESCRIPTION_MAX - 3) + "...";
        try {
            return identityCenter.createPermissionSet(name, shortDescription, SESSION_DURATION, tags);
        } catch (IdentityCenterException.Conflict exists) {
            for (String arn : identityCenter.listPermissionSets()) {
                Optional<PermissionSetInfo> readable = describeIfJitas(arn);
                if (readable.isEmpty()) {
                    continue;
                }
                PermissionSetInfo info = readable.get();
                if (name.equals(info.name())) {
                    if (!requestId.equals(identityCenter.tags(arn).get(TAG_REQUEST_ID))) {
                        throw new GrantRefused(GrantRefused.Reason.IDENTITY_CENTER_REFUSED, "A permission set named "
                                + name + " exists but was not created by jita for request " + requestId
                                + "; jita leaves it alone and grants nothing.");
                    }
                    return arn;
                }
            }
            // The name is taken by a permission set jita's role may not even read: not jita's.
            throw new GrantRefused(GrantRefused.Reason.IDENTITY_CENTER_REFUSED, "A permission set named " + name
                    + " exists but was not created by jita for request " + requestId
                    + "; jita leaves it alone and grants nothing.", exists);
        }
    }

    public void putPolicy(String permissionSetArn, String document) {
        identityCenter.putInlinePolicy(permissionSetArn, document);
    }

    public ProvisioningStatus assign(String accountId, String permissionSetArn, String userId) {
        return identityCenter.createAccountAssignment(accountId, permissionSetArn, userId);
    }

    /** Whether the permission set is assigned (and provisioned) to the user in the account. */
    public boolean isAssigned(String accountId, String permissionSetArn, String userId) {
        try {
            return identityCenter.assignedUsers(accountId, permissionSetArn).contains(userId);
        } catch (IdentityCenterException.NotFound gone) {
            return false;
        }
    }

    public ProvisioningStatus creationStatus(String provisioningRequestId) {
        return identityCenter.assignmentCreationStatus(provisioningRequestId);
    }

    /** How far a removal got. */
    public enum Removal {
        /** The assignments and the permission set were deleted now. */
        REMOVED,
        /** There was nothing left to delete. */
        NOTHING_THERE,
        /** Identity Center is still deleting an assignment; the permission set goes once it has finished. */
        IN_PROGRESS
    }

    /**
     * One step of taking the grant away: deletes every assignment of the permission set in {@code accountId}, and the
     * permission set once none is left. Idempotent: a second call continues where the first left off.
     */
    public Removal removeStep(String accountId, String permissionSetArn) {
        List<String> users;
        try {
            users = identityCenter.assignedUsers(accountId, permissionSetArn);
        } catch (IdentityCenterException.NotFound gone) {
            return Removal.NOTHING_THERE;
        }
        boolean inProgress = false;
        for (String user : users) {
            try {
                ProvisioningStatus deletion = identityCenter.deleteAccountAssignment(accountId, permissionSetArn, user);
                if (deletion.state() != ProvisioningStatus.State.SUCCEEDED) {
                    // FAILED too: the assignment is still there, and the next step deletes it again.
                    inProgress = true;
                }
            } catch (IdentityCenterException.Conflict busy) {
                // Another operation on this permission set (our own earlier deletion) has not finished.
                inProgress = true;
            } catch (IdentityCenterException.NotFound alreadyGone) {
                // deleted meanwhile
            }
        }
        // jita assigns to one user; a group assignment is an administrator's, and would keep the permission set (and
        // the access it gives that group) alive: it goes too, loudly.
        List<String> groups = identityCenter.assignedGroups(accountId, permissionSetArn);
        for (String group : groups) {
            LOG.warn("permission set {} is also assigned to group {} in account {}, which jita never does; deleting"
                    + " that assignment too", permissionSetArn, group, accountId);
            try {
                if (identityCenter.deleteGroupAssignment(accountId, permissionSetArn, group).state()
                        != ProvisioningStatus.State.SUCCEEDED) {
                    inProgress = true;
                }
            } catch (IdentityCenterException.Conflict busy) {
                inProgress = true;
            } catch (IdentityCenterException.NotFound alreadyGone) {
                // deleted meanwhile
            }
        }
        if (inProgress) {
            return Removal.IN_PROGRESS;
        }
        return deletePermissionSet(permissionSetArn, !users.isEmpty() || !groups.isEmpty());
    }

    /** The same, for every account the permission set is provisioned to (the sweeper's view). */
    public Removal removeEverywhere(String permissionSetArn, String requesterAccount) {
        List<String> accounts = new ArrayList<>();
        if (requesterAccount != null) {
            accounts.add(requesterAccount);
        }
        try {
            identityCenter.provisionedAccounts(permissionSetArn).stream()
                    .filter(a -> !accounts.contains(a)).forEach(accounts::add);
        } catch (IdentityCenterException.NotFound gone) {
            return Removal.NOTHING_THERE;
        }
        boolean removedSome = false;
        for (String account : accounts) {
            Removal step = removeStep(account, permissionSetArn);
            if (step == Removal.IN_PROGRESS) {
                return step;
            }
            removedSome |= step == Removal.REMOVED;
        }
        Removal last = deletePermissionSet(permissionSetArn, removedSome);
        return last == Removal.NOTHING_THERE && removedSome ? Removal.REMOVED : last;
    }

    /**
     * An early revoke: {@link #removeStep} and, while Identity Center is still deleting, a few more looks within the
     * configured bound. IN_PROGRESS at the end means the deletion was accepted but not finished yet.
     */
    public Removal removeSoon(String accountId, String permissionSetArn) {
        cutAccess(accountId, permissionSetArn);
        Removal result = removeStep(accountId, permissionSetArn);
        boolean removedSome = result == Removal.REMOVED;
        for (Duration wait : earlyRevokePolls) {
            if (result != Removal.IN_PROGRESS) {
                break;
            }
            pause.pause(wait);
            result = removeStep(accountId, permissionSetArn);
        }
        // The first step deleted the assignment; a later one found only the permission set: REMOVED all the same.
        return result == Removal.NOTHING_THERE && removedSome ? Removal.REMOVED : result;
    }

    /**
     * An early revoke's first step: deleting an assignment does not end the sessions already signed in with it, so the
     * permission set's policy becomes an explicit deny of everything and is pushed to the account (as AWS advises for
     * revoking Identity Center sessions at once); the role, and every session of it, then allows nothing, whether or
     * not the deletion that follows has finished. A permission set already gone, not provisioned there, or busy with
     * another operation (its assignment still provisioning) is left to the deletion.
     */
    void cutAccess(String accountId, String permissionSetArn) {
        try {
            identityCenter.putInlinePolicy(permissionSetArn, DENY_ALL);
            identityCenter.provisionPermissionSet(permissionSetArn, accountId);
        } catch (IdentityCenterException.NotFound | IdentityCenterException.Conflict nothingToCut) {
            // gone, not provisioned to that account, or another operation on it in progress
        }
    }

    private Removal deletePermissionSet(String permissionSetArn, boolean removedAssignments) {
        try {
            identityCenter.deletePermissionSet(permissionSetArn);
            return Removal.REMOVED;
        } catch (IdentityCenterException.NotFound gone) {
            return removedAssignments ? Removal.REMOVED : Removal.NOTHING_THERE;
        } catch (IdentityCenterException.Conflict stillProvisioned) {
            return Removal.IN_PROGRESS;
        }
    }

    /**
     * The permission set as Identity Center describes it to jita; empty when it is gone, or when jita's role may not
     * read it: in AWS that role may describe only permission sets tagged as jita's, so AccessDenied means "not jita's".
     */
    private Optional<PermissionSetInfo> describeIfJitas(String arn) {
        try {
            return Optional.of(identityCenter.describePermissionSet(arn));
        } catch (IdentityCenterException.NotFound gone) {
            return Optional.empty();
        } catch (IdentityCenterException.AccessDenied notJitas) {
            this.notJitas.add(arn);
            return Optional.empty();
        }
    }

    /** A permission set jita created: its name and its tags agree on the request. */
    public record JitaPermissionSet(String arn, String name, String requestId) {
    }

    /**
     * Every permission set jita created, for the sweeper. A permission set's name never changes, so one seen not to be
     * jita's is remembered and not described again by this instance (a sweeper container sweeps every few minutes;
     * Identity Center's APIs allow few calls per second).
     */
    public List<JitaPermissionSet> jitaPermissionSets() {
        List<JitaPermissionSet> found = new ArrayList<>();
        for (String arn : identityCenter.listPermissionSets()) {
            if (notJitas.contains(arn)) {
                continue;
            }
            Optional<PermissionSetInfo> readable = describeIfJitas(arn);
            if (readable.isEmpty()) {
                continue;
            }
            PermissionSetInfo info = readable.get();
            Optional<String> byName = requestIdOf(info.name());
            if (byName.isEmpty()) {
                notJitas.add(arn);
                continue;
            }
            Map<String, String> tags = identityCenter.tags(arn);
            if ("true".equals(tags.get(TAG_MANAGED)) && byName.get().equals(tags.get(TAG_REQUEST_ID))) {
                found.add(new JitaPermissionSet(arn, info.name(), byName.get()));
            }
        }
        return found;
    }
}
