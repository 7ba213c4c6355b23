package dev.jita.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code cdk synth} through the pinned CLI (infrastructure/node_modules, installed with npm ci when missing), on
 * the app as cdk.json runs it, with the real shaded functions jar: writes infrastructure/cdk.out. The CLI exits
 * non-zero on any unsuppressed cdk-nag error, so a zero exit is the nag check of the real app.
 */
class CdkSynthIT {
    private static final Path INFRA = Path.of("").toAbsolutePath();
    private static final Path JAR = INFRA.resolve("../functions/target/lambda/jita-functions.jar").normalize();
    private static final Path OUT = INFRA.resolve("cdk.out");
    private static final Path LOG = INFRA.resolve("target/cdk-synth.log");

    private static Template template;

    @BeforeAll
    static void synth() throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("The functions jar " + JAR + " is missing; build it with `"
                    + SynthInputs.BUILD_JAR + "` from the repository root (mvn verify from the root does it first).");
        }
        Files.deleteIfExists(LOG);
        Path cli = INFRA.resolve("node_modules/.bin/cdk");
        if (!Files.isExecutable(cli)) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
        run(List.of(cli.toString(), "synth", "--quiet", "--no-notices", "--output", OUT.toString()), 600);
        Map<String, Object> json = new ObjectMapper().readValue(OUT.resolve("Jita.template.json").toFile(),
                new TypeReference<>() {
                });
        template = Template.fromJSON(json);
    }

    @Test
    void synth_shouldDeclareTheCoreFunctionsAndTheSweeper_fromTheRealShadedJar() throws IOException {
        // cdk.json names no incident source, and the sweeper is on by default.
        template.resourceCountIs("AWS::Lambda::Function", FunctionSpec.CORE.size() + 1 + 1); // + sweeper, export
        template.resourceCountIs("AWS::Events::Rule", 1);
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "ScheduleExpression", "rate(5 minutes)")));
        template.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
        template.resourceCountIs("AWS::DynamoDB::Table", 3);

        Capture key = new Capture();
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.jita.handlers.IntakeFunction",
                "Code", Match.objectLike(Map.of("S3Key", key)))));
        Path staged = OUT.resolve("asset." + key.asString());
        assertEquals(Files.size(JAR), Files.size(staged), "the staged code is the shaded jar");
        try (ZipFile zip = new ZipFile(staged.toFile())) {
            // Every handler a deployment may declare is in the jar: no SnapStart version would fail to publish.
            for (FunctionSpec spec : List.of(FunctionSpec.INTAKE, FunctionSpec.NOTIFY, FunctionSpec.APPROVAL,
                    FunctionSpec.GRANT, FunctionSpec.REVOKE, FunctionSpec.INCIDENT, FunctionSpec.SWEEPER,
                    FunctionSpec.EXPORT)) {
                assertTrue(zip.getEntry(spec.classFile()) != null, spec.handlerClass());
            }
            assertTrue(zip.getEntry("dev/jita/domain/RuleBook.class") != null);
        }
    }

    @Test
    void shadedJar_shouldLeaveOutTheUnusedHttpClients_andSignatures() throws IOException {
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            assertTrue(zip.stream().noneMatch(e -> e.getName().startsWith("io/netty/")
                    || e.getName().startsWith("org/apache/http/")
                    || e.getName().startsWith("software/amazon/awssdk/http/apache/")
                    || e.getName().matches("META-INF/[^/]+\\.(SF|DSA|RSA)")));
            assertTrue(zip.getEntry("software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class") != null);
            assertTrue(zip.getEntry("META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat") != null);
        }
        System.out.printf("shaded functions jar: %.1f MB%n", Files.size(JAR) / 1_000_000.0);
    }

    @Test
    void synth_shouldShipTheRulesLayer_andConfigureTheFunctionsFromTheContext() {
        template.resourceCountIs("AWS::Lambda::LayerVersion", 1);
        template.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "JITA_RULES_FILE", "/opt/rules.yaml", "JITA_ELIGIBLE_ROLE_PATH", "/jita/",
                        "JITA_MAX_PENDING", "5", "JITA_MAX_GRANTS", "20"))))));
        template.allResourcesProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 365)));
    }

    /** The README's StackSet command, as written there: the template a service-managed StackSet deploys. */
    @Test
    void stackSetTemplate_shouldBeWrittenByTheDocumentedCommand_withParametersOnlyAndNothingToBootstrap()
            throws Exception {
        Path out = OUT.resolve("stackset");
        run(List.of(INFRA.resolve("node_modules/.bin/cdk").toString(), "synth", "-c", "jita:targetStack=true",
                "--output", out.toString(), "--quiet", "--no-notices"), 600);
        Map<String, Object> json = new ObjectMapper().readValue(out.resolve("JitaTarget.template.json").toFile(),
                new TypeReference<>() {
                });
        assertEquals(List.of(JitaTargetStack.JITA_ACCOUNT, JitaTargetStack.GRANT_ROLE, JitaTargetStack.REVOKE_ROLE,
                JitaTargetStack.SWEEPER_ROLE), List.copyOf(((Map<?, ?>) json.get("Parameters")).keySet()));
        assertTrue(!json.containsKey("Rules"), "no bootstrap version rule");
        Template target = Template.fromJSON(json);
        // The target role, and the role EventBridge uses to forward CloudTrail calls to jita's bus.
        target.resourceCountIs("AWS::IAM::Role", 2);
        target.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                "RoleName", "jita-target", "Path", "/jita-system/")));
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("asset.")
                    || f.getFileName().toString().endsWith(".assets.json")), "no assets to upload");
        }
    }

    private static void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Files.createDirectories(LOG.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(INFRA.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()));
        pb.environment().put("CDK_DISABLE_VERSION_CHECK", "true");
        pb.environment().put("CDK_DISABLE_CLI_TELEMETRY", "true");
        pb.environment().put("JSII_RUNTIME_PACKAGE_CACHE", "disabled");
        pb.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
        Process process = pb.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds
                    + " s; see " + LOG);
        }
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed; its output:\n" + tail());
    }

    private static String tail() {
        try {
            List<String> lines = Files.readAllLines(LOG);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
