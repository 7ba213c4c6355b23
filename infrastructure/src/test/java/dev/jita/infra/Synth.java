package dev.jita.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    static final Path RULES = Path.of("../config/rules.yaml");
    static final Path WORKFLOW = Path.of("../statemachine/approval.asl.json");

    private Synth() {
    }

    /** Every function enabled (incident sources and sweeper too), e-mail and a created Slack secret. */
    static JitaApprovalProps.Builder everything(Path dir) {
        return JitaApprovalProps.builder()
                .functionsJar(jarWithHandlers(dir, FunctionSpec.CORE.size() + 2))
                .rulesFile(RULES)
                .workflowDefinition(WORKFLOW)
                .eligibleRolePath("/jita/")
                .notifications(Notifications.email("jita <jita@example.com>")
                        .withSlack(new Notifications.SlackWebhooks.Create()))
                .incidentSources(List.of(IncidentSource.generic(),
                        IncidentSource.pagerDuty("aws.partner/pagerduty.com/acme/1234")))
                .sweeperInterval(Duration.ofMinutes(15));
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
     * unit tests then need no shaded jar. {@code handlers} of the specs (CORE, then incident, sweeper) are in it.
     */
    static Path jarWithHandlers(Path dir, int handlers) {
        List<FunctionSpec> all = new java.util.ArrayList<>(FunctionSpec.CORE);
        all.add(FunctionSpec.INCIDENT);
        all.add(FunctionSpec.SWEEPER);
        Path jar = dir.resolve("functions-" + handlers + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
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
