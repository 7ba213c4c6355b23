package dev.jita.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * jita's foothold in the account that administers IAM Identity Center (the management account or the delegated
 * admin): one role, {@value #ROLE_NAME} at {@value #ROLE_PATH}, that only the jita account's grant, revoke and
 * sweeper function roles may assume (intake, which faces the internet, and the incident function revoke through the
 * revoke function), and that may touch no permission set but jita's own (tagged {@value #MANAGED_TAG}={@code true}):
 * create them (with exactly jita's tags), give them an inline policy, assign them to a user in an account, and
 * remove the assignment and the set. It reads Identity Store users to resolve a session's user name. It can neither
 * tag nor untag anything, so no other permission set can ever become jita's. It allows exactly the calls the
 * functions' {@code AwsIdentityCenter} makes, nothing more (JitaIdentityCenterTest compares the two).
 */
public final class JitaIdentityCenterAccess extends Construct {
    public static final String ROLE_NAME = "jita-identity-center";
    public static final String ROLE_PATH = "/jita-system/";
    /** The role's inline policy. */
    public static final String POLICY_NAME = "jita-identity-center";
    /** The tag every jita permission set carries, with the value "true". */
    public static final String MANAGED_TAG = "jita:managed";
    /** The tag naming the request a jita permission set belongs to. */
    public static final String REQUEST_ID_TAG = "jita:request-id";

    /**
     * What jita does to its own permission sets; each is authorized on the permission set, tag-scoped.
     * ProvisionPermissionSet only for an early revoke: the set's policy becomes deny-all and is pushed to the account,
     * since deleting an assignment does not end the sessions already signed in (CreateAccountAssignment provisions on
     * its own). Never DeleteInlinePolicyFromPermissionSet (jita deletes the whole set).
     */
    static final List<String> PERMISSION_SET_ACTIONS = List.of("sso:PutInlinePolicyToPermissionSet",
            "sso:GetInlinePolicyForPermissionSet", "sso:DescribePermissionSet", "sso:DeletePermissionSet",
            "sso:CreateAccountAssignment", "sso:DeleteAccountAssignment", "sso:ListAccountsForProvisionedPermissionSet",
            "sso:ListAccountAssignments", "sso:ListTagsForResource", "sso:ProvisionPermissionSet");
    /** The assignment and provisioning calls, which are authorized on the target account too. */
    static final List<String> ACCOUNT_ACTIONS = List.of("sso:CreateAccountAssignment", "sso:DeleteAccountAssignment",
            "sso:ListAccountAssignments", "sso:ProvisionPermissionSet");
    /** Calls that name the instance alone: they read, and touch no permission set. */
    static final List<String> INSTANCE_READS = List.of("sso:ListPermissionSets",
            "sso:DescribeAccountAssignmentCreationStatus");
    /** The Identity Store reads: a session's user name to the user's id, then the user. */
    static final List<String> IDENTITY_STORE_READS = List.of("identitystore:GetUserId", "identitystore:DescribeUser");

    private final Role role;

    public JitaIdentityCenterAccess(Construct scope, String id, JitaIdentityCenterProps props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        // The jita account's grant, revoke and sweeper roles by ARN, the three JitaTarget trusts.
        List<String> trusted = props.functionRoleNames().stream()
                .map(name -> functionRole(stack, props.jitaAccount(), name)).toList();
        String instance = props.instanceArn();
        String permissionSets = stack.formatArn(ArnComponents.builder().service("sso").region("").account("")
                .resource("permissionSet").resourceName(instanceId(instance) + "/*")
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
        List<String> accounts = props.accounts().isEmpty() ? List.of(ssoAccount(stack, "*"))
                : props.accounts().stream().map(account -> ssoAccount(stack, account)).toList();
        PolicyDocument policy = PolicyDocument.Builder.create().statements(List.of(
                // CreatePermissionSet is authorized on the instance and on the new set; aws:RequestTag and
                // aws:TagKeys see the request's Tags, so the set is born jita's, with jita's two tags and no other.
                // (The service authorization reference lists no sso:TagResource dependency for it: only kms:Decrypt,
                // for an instance under a customer managed KMS key, which this role does not hold.)
                statement("CreateJitaPermissionSets", List.of("sso:CreatePermissionSet"),
                        List.of(instance, permissionSets), Map.of(
                                "StringEquals", Map.of("aws:RequestTag/" + MANAGED_TAG, "true"),
                                "Null", Map.of("aws:RequestTag/" + REQUEST_ID_TAG, "false"),
                                "ForAllValues:StringEquals", Map.of("aws:TagKeys",
                                        List.of(MANAGED_TAG, REQUEST_ID_TAG)))),
                // Everything else on a permission set: only on jita's own, by its tag.
                statement("OnlyJitasPermissionSets", PERMISSION_SET_ACTIONS, List.of(permissionSets),
                        Map.of("StringEquals", Map.of("aws:ResourceTag/" + MANAGED_TAG, "true"))),
                // The same calls are authorized on the instance too, which carries no jita tag: allowed there
                // without a condition, while the permission set each one names still has to pass the statement
                // above.
                statement("TheInstanceOfJitasPermissionSets", PERMISSION_SET_ACTIONS, List.of(instance), Map.of()),
                // The assignment calls are authorized on the target account as well.
                statement("AssignInAccounts", ACCOUNT_ACTIONS, accounts, Map.of()),
                statement("ReadTheInstance", INSTANCE_READS, List.of(instance), Map.of()),
                // GetUserId (user name -> id) on the store; DescribeUser on the store and the user.
                statement("ReadIdentityStoreUsers", IDENTITY_STORE_READS,
                        List.of(identityStore(stack, props.identityStoreId()), stack.formatArn(ArnComponents.builder()
                                .service("identitystore").region("").account("").resource("user").resourceName("*")
                                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())), Map.of()),
                // Tagging after creation is how another permission set could be made to look like jita's (and so
                // fall under the statements above); nothing in jita tags or untags, so nothing may, even if a
                // broader policy is attached to this role one day.
                PolicyStatement.Builder.create().sid("NeverRetag").effect(Effect.DENY)
                        .actions(List.of("sso:TagResource", "sso:UntagResource")).resources(List.of("*")).build()))
                .build();
        role = Role.Builder.create(this, "Role")
                .roleName(ROLE_NAME)
                .path(ROLE_PATH)
                .description("jita: creates, assigns and removes its own Identity Center permission sets (tagged "
                        + MANAGED_TAG + "=true) for the jita account's grant, revoke and sweeper functions")
                .assumedBy(new AccountPrincipal(props.jitaAccount())
                        .withConditions(Map.of("ArnEquals", Map.of("aws:PrincipalArn", trusted))))
                // The functions ask for 15 minutes; an hour is IAM's default and the least it allows as a maximum.
                .maxSessionDuration(Duration.hours(1))
                .inlinePolicies(Map.of(POLICY_NAME, policy))
                .build();
        NagSuppressions.addResourceSuppressions(role, List.of(
                suppress("jita names each permission set at run time (jita-<request id>), so its ARN is"
                        + " permissionSet/<instance>/*; every statement on it requires the tag jita:managed=true"
                        + " (CreatePermissionSet: in the request), and the role can neither tag nor untag.",
                        "/^Resource::arn:.*:sso:::permissionSet\\/.*\\/\\*$/"),
                suppress("Assignments go to the account of the requester's Identity Center session, which the rules"
                        + " (each naming its accounts) decide; the permission set in each call stays tag-scoped.",
                        "/^Resource::arn:.*:sso:::account\\/\\*$/"),
                suppress("The requester's user id is looked up at run time from the session's user name; GetUserId"
                        + " and DescribeUser only read, in the one identity store named by its unique id; its ARN's account"
                        + " is the instance owner's, which need not be the account this role is in.",
                        "/^Resource::arn:.*:identitystore:(::user\\/\\*|:\\*:identitystore\\/.*)$/")));
    }

    private static String functionRole(Stack stack, String account, String name) {
        return stack.formatArn(ArnComponents.builder().service("iam").region("").account(account).resource("role")
                .resourceName(name).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    /** The instance's id (ssoins-...), the last part of its ARN; a CloudFormation split when it is a parameter. */
    static String instanceId(String instanceArn) {
        return Token.isUnresolved(instanceArn) ? Fn.select(1, Fn.split("/", instanceArn))
                : instanceArn.substring(instanceArn.lastIndexOf('/') + 1);
    }

    private static String ssoAccount(Stack stack, String account) {
        return stack.formatArn(ArnComponents.builder().service("sso").region("").account("").resource("account")
                .resourceName(account).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    /** The store by its id in any account: the id is unique, and its owner is not always this account. */
    private static String identityStore(Stack stack, String identityStoreId) {
        return stack.formatArn(ArnComponents.builder().service("identitystore").region("").account("*")
                .resource("identitystore").resourceName(identityStoreId).arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }

    private static PolicyStatement statement(String sid, List<String> actions, List<String> resources,
                                             Map<String, Object> conditions) {
        PolicyStatement.Builder statement = PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW)
                .actions(actions).resources(resources);
        if (!conditions.isEmpty()) {
            statement.conditions(conditions);
        }
        return statement.build();
    }

    private static NagPackSuppression suppress(String reason, String regex) {
        return NagPackSuppression.builder().id("AwsSolutions-IAM5").reason(reason)
                .appliesTo(List.of(RegexAppliesTo.builder().regex(regex).build())).build();
    }

    public Role role() {
        return role;
    }
}
