package dev.jita.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * The CDK app cdk.json runs: one {@link JitaStack}, configured from context values (cdk.json or
 * {@code cdk deploy -c key=value}), checked by cdk-nag's AwsSolutions pack; with {@code -c jita:targetStack=true}
 * instead one {@link JitaTargetStack}, with {@code -c jita:identityCenterStack=true} one
 * {@link JitaIdentityCenterStack}; neither needs the functions jar.
 */
public final class JitaApp {

    private JitaApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Context context = new Context(app);
        if (context.get("jita:targetStack").map(Boolean::parseBoolean).orElse(false)) {
            buildTarget(app);
        } else if (context.get("jita:identityCenterStack").map(Boolean::parseBoolean).orElse(false)) {
            buildIdentityCenter(app);
        } else {
            build(app);
        }
        app.synth();
    }

    /** The stack as the context describes it, with cdk-nag applied; the tests call this too. */
    public static JitaStack build(App app) {
        Context context = new Context(app);
        JitaApprovalProps.Builder props = JitaApprovalProps.builder();
        context.get("jita:functionsJar").map(Path::of).ifPresent(props::functionsJar);
        context.get("jita:rulesFile").map(Path::of).ifPresent(props::rulesFile);
        context.get("jita:workflowDefinition").map(Path::of).ifPresent(props::workflowDefinition);
        context.get("jita:eligibleRolePath").ifPresent(props::eligibleRolePath);
        context.get("jita:stageName").ifPresent(props::stageName);
        context.get("jita:maxPendingPerRequester").map(Integer::parseInt).ifPresent(props::maxPendingPerRequester);
        context.get("jita:maxGrantsPerRole").map(Integer::parseInt).ifPresent(props::maxGrantsPerRole);
        context.get("jita:previousLinkKeyArn").ifPresent(props::previousLinkKeyArn);
        context.get("jita:publicBaseUrl").ifPresent(props::publicBaseUrl);
        context.get("jita:stateMachineName").ifPresent(props::stateMachineName);
        context.get("jita:logRetentionDays").map(JitaApp::retention).ifPresent(props::logRetention);
        context.get("jita:targetAccounts").map(JitaApp::accounts).ifPresent(props::targetAccounts);
        context.get("jita:auditExportRetentionDays").map(Long::parseLong).map(java.time.Duration::ofDays)
                .ifPresent(props::auditExportRetention);
        props.targetRole(targetRole(context));
        identityCenter(context).ifPresent(props::identityCenter);
        Incidents incidents = Incidents.from(context.get("jita:incidentSources").map(IncidentSource::parseList)
                .orElse(List.of()));
        incidents = context.get("jita:incidentMaxEventAge").map(age -> duration("jita:incidentMaxEventAge", age))
                .map(incidents::withMaxEventAge).orElse(incidents);
        incidents = context.get("jita:responderAliases").map(Incidents::parseAliases)
                .map(incidents::withResponderAliases).orElse(incidents);
        props.incidents(incidents);
        Optional<String> sweeperMinutes = context.get("jita:sweeperIntervalMinutes");
        if (sweeperMinutes.filter(m -> m.trim().equalsIgnoreCase("off")).isPresent()) {
            props.withoutSweeper();
        } else {
            SweeperSchedule sweeper = sweeperMinutes
                    .map(m -> SweeperSchedule.every(Duration.ofMinutes(minutes(m))))
                    .orElse(SweeperSchedule.byDefault());
            sweeper = context.get("jita:sweeperGrace").map(g -> duration("jita:sweeperGrace", g))
                    .map(sweeper::withWorkflowGrace).orElse(sweeper);
            props.sweeper(sweeper);
        }

        Notifications.SlackWebhooks slack = context.get("jita:slackWebhookSecretArn")
                .<Notifications.SlackWebhooks>map(Notifications.SlackWebhooks.Existing::new)
                .orElse(context.get("jita:createSlackWebhookSecret").map(Boolean::parseBoolean).orElse(false)
                        ? new Notifications.SlackWebhooks.Create() : new Notifications.SlackWebhooks.None());
        props.notifications(new Notifications(context.get("jita:sesSender"),
                context.get("jita:sesConfigurationSet"), slack));

        String stackName = context.get("jita:stackName").orElse("Jita");
        // CDK_DEFAULT_* come from the CLI's credentials; without them the stack is environment-agnostic.
        StackProps.Builder stackProps = StackProps.builder().description("jita: just-in-time action approval for AWS");
        Optional<String> account = Optional.ofNullable(System.getenv("CDK_DEFAULT_ACCOUNT"));
        Optional<String> region = Optional.ofNullable(System.getenv("CDK_DEFAULT_REGION"));
        if (account.isPresent() && region.isPresent()) {
            stackProps.env(Environment.builder().account(account.get()).region(region.get()).build());
        }
        JitaStack stack = new JitaStack(app, stackName, stackProps.build(), props.build(),
                context.get("jita:alarmTopicArn"));
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        return stack;
    }

    /**
     * The target stack as the context describes it, with cdk-nag applied: the eligible path and target role shared
     * with the jita stack's keys, and the parameters' defaults from {@code jita:jitaAccount},
     * {@code jita:grantFunctionRoleName}, {@code jita:revokeFunctionRoleName}, {@code jita:sweeperFunctionRoleName}.
     */
    public static JitaTargetStack buildTarget(App app) {
        Context context = new Context(app);
        JitaTargetStack stack = new JitaTargetStack(app, context.get("jita:targetStackName").orElse("JitaTarget"),
                context.get("jita:eligibleRolePath").orElse(dev.jita.app.Environment.DEFAULT_ELIGIBLE_ROLE_PATH),
                targetRole(context),
                new JitaTargetStack.Defaults(context.get("jita:jitaAccount"), context.get("jita:grantFunctionRoleName"),
                        context.get("jita:revokeFunctionRoleName"), context.get("jita:sweeperFunctionRoleName")));
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        return stack;
    }

    /**
     * The Identity Center stack as the context describes it, with cdk-nag applied: the parameters' defaults from
     * {@code jita:jitaAccount}, the target stack's three {@code jita:*FunctionRoleName} keys,
     * {@code jita:identityCenterInstanceArn}
     * and {@code jita:identityStoreId} (the jita stack's keys), the accounts from {@code jita:identityCenterAccounts}.
     */
    public static JitaIdentityCenterStack buildIdentityCenter(App app) {
        Context context = new Context(app);
        JitaIdentityCenterStack stack = new JitaIdentityCenterStack(app,
                context.get("jita:identityCenterStackName").orElse("JitaIdentityCenter"),
                context.get("jita:identityCenterAccounts").map(JitaApp::accounts).orElse(List.of()),
                new JitaIdentityCenterStack.Defaults(context.get("jita:jitaAccount"),
                        context.get("jita:grantFunctionRoleName"), context.get("jita:revokeFunctionRoleName"),
                        context.get("jita:sweeperFunctionRoleName"), context.get(IDENTITY_CENTER_KEYS.get(0)),
                        context.get(IDENTITY_CENTER_KEYS.get(1))));
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        return stack;
    }

    /** The jita stack's Identity Center keys: instance ARN, identity store id, region, role ARN. */
    static final List<String> IDENTITY_CENTER_KEYS = List.of("jita:identityCenterInstanceArn", "jita:identityStoreId",
            "jita:identityCenterRegion", "jita:identityCenterRoleArn");

    /** The Identity Center settings the app's context gives; see {@link #identityCenter(Context)}. */
    static Optional<IdentityCenterSettings> identityCenterFrom(App app) {
        return identityCenter(new Context(app));
    }

    /** All four keys, or none (Identity Center off); some without the rest stop synth naming the missing ones. */
    private static Optional<IdentityCenterSettings> identityCenter(Context context) {
        List<Optional<String>> values = IDENTITY_CENTER_KEYS.stream().map(context::get).toList();
        if (values.stream().noneMatch(Optional::isPresent)) {
            return Optional.empty();
        }
        List<String> missing = IDENTITY_CENTER_KEYS.stream().filter(key -> context.get(key).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Identity Center needs all of " + IDENTITY_CENTER_KEYS + "; missing "
                    + missing + " (the role ARN is the JitaIdentityCenter stack's output RoleArn)");
        }
        return Optional.of(new IdentityCenterSettings(values.get(0).get().trim(), values.get(1).get().trim(),
                values.get(2).get().trim(), values.get(3).get().trim()));
    }

    private static TargetRole targetRole(Context context) {
        TargetRole defaults = TargetRole.byDefault();
        return new TargetRole(context.get("jita:targetRoleName").orElse(defaults.name()),
                context.get("jita:targetRolePath").orElse(defaults.path()));
    }

    /** {@code 111122223333,444455556666}: blanks and empty items ignored. */
    static List<String> accounts(String value) {
        return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static final java.util.Map<Integer, RetentionDays> RETENTIONS = java.util.Map.ofEntries(
            java.util.Map.entry(1, RetentionDays.ONE_DAY), java.util.Map.entry(3, RetentionDays.THREE_DAYS),
            java.util.Map.entry(5, RetentionDays.FIVE_DAYS), java.util.Map.entry(7, RetentionDays.ONE_WEEK),
            java.util.Map.entry(14, RetentionDays.TWO_WEEKS), java.util.Map.entry(30, RetentionDays.ONE_MONTH),
            java.util.Map.entry(60, RetentionDays.TWO_MONTHS), java.util.Map.entry(90, RetentionDays.THREE_MONTHS),
            java.util.Map.entry(180, RetentionDays.SIX_MONTHS), java.util.Map.entry(365, RetentionDays.ONE_YEAR),
            java.util.Map.entry(731, RetentionDays.TWO_YEARS), java.util.Map.entry(1827, RetentionDays.FIVE_YEARS),
            java.util.Map.entry(3653, RetentionDays.TEN_YEARS));

    private static long minutes(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("jita:sweeperIntervalMinutes '" + value + "' is not a whole number of"
                    + " minutes; write it like 5, or off for no sweeper", e);
        }
    }

    private static Duration duration(String key, String value) {
        try {
            return Duration.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(key + " '" + value + "' is not an ISO-8601 duration; write it like"
                    + " PT1H or PT30M", e);
        }
    }

    private static RetentionDays retention(String days) {
        RetentionDays r = RETENTIONS.get(Integer.parseInt(days.trim()));
        if (r == null) {
            throw new IllegalArgumentException("jita:logRetentionDays " + days + " is not one of "
                    + new java.util.TreeSet<>(RETENTIONS.keySet()) + "; pick one of those");
        }
        return r;
    }

    /** Context values as optional strings (cdk.json may hold numbers or booleans too). */
    private record Context(App app) {
        Optional<String> get(String key) {
            Object value = app.getNode().tryGetContext(key);
            return Optional.ofNullable(value).map(Object::toString).filter(s -> !s.isBlank());
        }
    }
}
