package dev.jita.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.app.Environment;
import dev.jita.app.InMemoryMetrics;
import dev.jita.handlers.OfflineWiring;
import dev.jita.wiring.JitaServices;
import dev.jita.wiring.LambdaServices;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * Every function the stack deploys can start on exactly the environment the stack gives it: its handler is built
 * through the Lambda wiring (as its public constructor does) from the function's environment variables in the
 * synthesized template, on offline clients. A variable a function's code needs but the stack does not set fails
 * here, not on the first invocation in AWS. CloudFormation references (table names, ARNs) become plausible values.
 */
class FunctionsStartOnTheirEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void everyFunction_shouldStart_onTheEnvironmentOfTheStackWithEverything() throws Exception {
        assertStartOnTheirEnvironment(Synth.everything(dir).build(), 9); // core 5, sweeper, incident, activity, export
    }

    @Test
    void everyFunction_shouldStart_onTheEnvironmentOfASingleAccountStack() throws Exception {
        assertStartOnTheirEnvironment(JitaApprovalProps.builder()
                .functionsJar(Synth.jarWithHandlers(dir, FunctionSpec.CORE.size() + 1))
                .rulesFile(Synth.RULES).workflowDefinition(Synth.WORKFLOW)
                .notifications(Notifications.email("jita <jita@example.com>")).build(), 6 + 1); // + export
    }

    /**
     * With Identity Center configured, grant, revoke and sweeper get the JITA_IDENTITY_CENTER_* variables; the
     * functions' wiring (LambdaServices) parses them at start, and each of these builds its Identity Center client on
     * them (on first use in AWS) for the configured instance. Intake and incident have none: they revoke through the
     * revoke function.
     */
    @Test
    void everyFunction_shouldStart_onTheEnvironmentOfAStackWithIdentityCenter() throws Exception {
        List<String> withIdentityCenter = assertStartOnTheirEnvironment(Synth.everything(dir)
                .identityCenter(JitaApprovalIdentityCenterTest.SETTINGS).build(), 9);
        assertEquals(java.util.Set.of("GrantFunction", "RevokeFunction", "SweeperFunction"),
                java.util.Set.copyOf(withIdentityCenter));
    }

    /**
     * Identity Center without a target account: intake and incident get JITA_REVOKE_FUNCTION without
     * JITA_TARGET_ACCOUNTS (their revoke of an Identity Center user's request goes to the revoke function), and start.
     */
    @Test
    void everyFunction_shouldStart_onTheEnvironmentOfAStackWithIdentityCenterAndNoTargetAccount() throws Exception {
        List<String> withIdentityCenter = assertStartOnTheirEnvironment(Synth.everything(dir).targetAccounts(List.of())
                .identityCenter(JitaApprovalIdentityCenterTest.SETTINGS).build(), 8); // no activity function
        assertEquals(java.util.Set.of("GrantFunction", "RevokeFunction", "SweeperFunction"),
                java.util.Set.copyOf(withIdentityCenter));
    }

    /** @return the functions that started with Identity Center on */
    private List<String> assertStartOnTheirEnvironment(JitaApprovalProps props, int functions) throws Exception {
        App app = Synth.app(dir);
        Template template = Template.fromStack(Synth.stack(app, props));
        List<String> failures = new ArrayList<>();
        List<String> withIdentityCenter = new ArrayList<>();
        int started = 0;
        for (Map.Entry<String, Map<String, Object>> function
                : template.findResources("AWS::Lambda::Function").entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) function.getValue().get("Properties");
            String handler = String.valueOf(properties.get("Handler"));
            if (!handler.startsWith("dev.jita.handlers.")) {
                continue; // CDK's own helper functions
            }
            try {
                if (start(handler.replaceAll("::.*$", ""), environment(properties))) {
                    withIdentityCenter.add(handler.replaceAll("^.*\\.|::.*$", ""));
                }
                started++;
            } catch (InvocationTargetException e) {
                failures.add(handler + ": " + e.getCause());
            } catch (RuntimeException e) {
                failures.add(handler + ": " + e);
            }
        }
        assertEquals(List.of(), failures, "these functions would fail on their first invocation in AWS");
        assertEquals(functions, started);
        return withIdentityCenter;
    }

    /**
     * What each function builds only on first use (so that its cold start stays short), built here from its
     * environment too: the adapters its code reaches at run time.
     */
    private static final Map<String, List<Consumer<JitaServices>>> USED_LATER = Map.of(
            "IntakeFunction", List.of(JitaServices::revokeNow, s -> s.adapters().workflow()),
            "IncidentFunction", List.of(JitaServices::revokeNow, s -> s.adapters().workflow()),
            "ApprovalFunction", List.of(JitaServices::links, s -> s.adapters().workflow()),
            "NotifyFunction", List.of(JitaServices::links, s -> s.adapters().notifier()),
            "GrantFunction", List.of(s -> s.adapters().targets()),
            "RevokeFunction", List.of(s -> s.adapters().targets()),
            "SweeperFunction", List.of(s -> s.adapters().targets(), s -> s.adapters().workflow()),
            "ActivityFunction", List.of(JitaServices::activity, s -> s.adapters().notifier()),
            "ExportFunction", List.of(JitaServices::auditExporter));

    /** @return whether the function has Identity Center (its client built for the instance of its environment) */
    private static boolean start(String handlerClass, Map<String, String> env) throws Exception {
        JitaServices services = LambdaServices.of(env, OfflineWiring.clients(), new InMemoryMetrics(),
                Clock.systemUTC());
        Object handler = Class.forName(handlerClass).getConstructor(JitaServices.class).newInstance(services);
        assertTrue(handler != null);
        String simpleName = handlerClass.substring(handlerClass.lastIndexOf('.') + 1);
        List<Consumer<JitaServices>> later = USED_LATER.get(simpleName);
        assertTrue(later != null, "name what " + simpleName + " builds on first use in USED_LATER");
        later.forEach(use -> use.accept(services));
        return services.adapters().identityCenter().map(identityCenter -> {
            assertEquals(env.get(Environment.IDENTITY_CENTER_INSTANCE_ARN), identityCenter.instanceArn());
            return true;
        }).orElse(false);
    }

    /** The function's variables; a CloudFormation reference becomes a value of the shape the function reads. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> properties) {
        Map<String, Object> environment = (Map<String, Object>) properties.getOrDefault("Environment", Map.of());
        Map<String, Object> variables = (Map<String, Object>) environment.getOrDefault("Variables", Map.of());
        Map<String, String> out = new LinkedHashMap<>();
        variables.forEach((name, value) -> out.put(name, value instanceof String text ? text : placeholder(name)));
        // In Lambda the rules file sits in the rules layer; here, the same file from the repository.
        out.put(Environment.RULES_FILE, Synth.RULES.toAbsolutePath().toString());
        out.put("AWS_REGION", Synth.REGION);
        return out;
    }

    private static String placeholder(String name) {
        String account = Synth.ACCOUNT;
        if (name.endsWith("_TABLE")) {
            return "jita-" + name.toLowerCase();
        }
        return switch (name) {
            case Environment.STATE_MACHINE_ARN -> "arn:aws:states:eu-west-1:" + account + ":stateMachine:jita";
            case Environment.LINK_KEY_ID, Environment.PREVIOUS_LINK_KEY_ID ->
                    "arn:aws:kms:eu-west-1:" + account + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
            case Environment.AUDIT_KEY_ID -> "arn:aws:kms:eu-west-1:" + account + ":key/5678abcd-12ab-34cd-56ef-1234567890ab";
            case Environment.HOME_ACCOUNT -> account;
            case Environment.REVOKE_FUNCTION -> "arn:aws:lambda:eu-west-1:" + account + ":function:jita-revoke:live";
            case Environment.PUBLIC_BASE_URL -> "https://abc123.execute-api.eu-west-1.amazonaws.com/prod";
            case Environment.SLACK_WEBHOOK_SECRET -> "arn:aws:secretsmanager:eu-west-1:" + account + ":secret:jita-x";
            case Environment.EXPORT_BUCKET -> "jita-auditexportbucket-1a2b3c4d5e6f";
            default -> "placeholder-" + name;
        };
    }
}
