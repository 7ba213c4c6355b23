package dev.jita.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** In-process synths for the tests: the real rules file and workflow, a small stand-in for the functions jar. */
final class Synth {
    static final String ACCOUNT = "111122223333";
    static final String REGION = "eu-west-1";
    /** The accounts {@link #everything} grants in through jita's target role. */
    static final List<String> TARGET_ACCOUNTS = List.of("444455556666", "777788889999");
    static final Path RULES = Path.of("../config/rules.yaml");
    static final Path WORKFLOW = Path.of("../statemachine/approval.asl.json");

    private Synth() {
    }

    static final String PAGERDUTY_BUS = "aws.partner/pagerduty.com/acme/1234";
    static final String OPSGENIE_BUS = "aws.partner/opsgenie.com/acme/5678";
    static final Map<String, String> ALIASES = new LinkedHashMap<>(Map.of("PXPGF42", "alice"));

    static {
        ALIASES.put("carol@example.com", "carol");
    }

    /**
     * Every function enabled: all four incident sources (incident.io on the default bus) with an age limit of 30
     * minutes and responder aliases, the sweeper every 15 minutes with a grace of 20, e-mail and a created Slack
     * secret, two target accounts (and so the activity function).
     */
    static JitaApprovalProps.Builder everything(Path dir) {
        return JitaApprovalProps.builder()
                .functionsJar(jarWithHandlers(dir, FunctionSpec.CORE.size() + 3))
                .rulesFile(RULES)
                .workflowDefinition(WORKFLOW)
                .eligibleRolePath("/jita/")
                .notifications(Notifications.email("jita <jita@example.com>")
                        .withSlack(new Notifications.SlackWebhooks.Create()))
                .incidents(Incidents.from(IncidentSource.generic(), IncidentSource.pagerDuty(PAGERDUTY_BUS),
                                IncidentSource.opsgenie(OPSGENIE_BUS), IncidentSource.incidentIo(Optional.empty()))
                        .withMaxEventAge(Duration.ofMinutes(30))
                        .withResponderAliases(ALIASES))
                .sweeper(SweeperSchedule.every(Duration.ofMinutes(15)).withWorkflowGrace(Duration.ofMinutes(20)))
                .targetAccounts(TARGET_ACCOUNTS);
    }

    /** An app writing into {@code dir}/cdk.out with cdk-nag's AwsSolutions checks, as JitaApp has it. */
    static App app(Path dir) {
        App app = new App(AppProps.builder().outdir(dir.resolve("cdk.out").toString()).build());
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().build());
        return app;
    }

    static JitaStack stack(App app, JitaApprovalProps props) {
        return new JitaStack(app, "Jita", StackProps.builder()
                .env(Environment.builder().account(ACCOUNT).region(REGION).build()).build(), props, Optional.empty());
    }

    /**
     * A jar holding empty entries named like the handler classes: enough for the construct's jar check, and
     * unit tests then need no shaded jar. {@code handlers} of the specs (CORE, then sweeper, incident, activity) are
     * in it, and the export handler.
     */
    static Path jarWithHandlers(Path dir, int handlers) {
        List<FunctionSpec> all = new java.util.ArrayList<>(FunctionSpec.CORE);
        all.add(FunctionSpec.SWEEPER);
        all.add(FunctionSpec.INCIDENT);
        all.add(FunctionSpec.ACTIVITY);
        Path jar = dir.resolve("functions-" + handlers + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            // The export handler always: every deployment has the export function.
            zip.putNextEntry(new ZipEntry(FunctionSpec.EXPORT.classFile()));
            zip.closeEntry();
            for (FunctionSpec spec : all.subList(0, handlers)) {
                zip.putNextEntry(new ZipEntry(spec.classFile()));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }
}
