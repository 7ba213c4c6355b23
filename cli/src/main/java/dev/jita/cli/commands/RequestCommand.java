package dev.jita.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.cli.Environment;
import dev.jita.cli.ExitCode;
import dev.jita.cli.api.JitaClient;
import dev.jita.cli.output.Durations;
import dev.jita.cli.output.Views;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "request", sortOptions = false,
        description = {"Ask for permission to perform actions on resources for a while.",
                "Prints the request id, its status, the rule that matched and who approves. With --wait, shows one"
                        + " live progress line and returns once the grant is active (exit 0), or denied, timed"
                        + " out, cancelled or failed (exits 3 to 6)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  jita request --action ec2:TerminateInstances \\",
                "      --resource arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc \\",
                "      --for 30m --why \"Terminate the wedged batch host\" --ticket OPS-42 --wait",
                "  jita request --action s3:GetObject --resource arn:aws:s3:::reports/q3.csv \\",
                "      --for 1h --why \"Quarterly numbers\" --start-at +15m --output json"})
final class RequestCommand extends ApiCommand {
    @Option(names = "--action", required = true, paramLabel = "ACTION",
            description = "an IAM action, e.g. ec2:TerminateInstances; repeat for more (up to 10)")
    List<String> actions;

    @Option(names = "--resource", required = true, paramLabel = "ARN",
            description = "a concrete resource ARN (no wildcards); repeat for more (up to 10)")
    List<String> resources;

    @Option(names = "--for", required = true, paramLabel = "DURATION",
            description = "how long the grant lasts once it starts: 30m, 1h, 1h30m, PT45M")
    String duration;

    @Option(names = "--why", required = true, paramLabel = "TEXT",
            description = "the justification approvers read (10 to 1000 characters)")
    String why;

    @Option(names = "--ticket", paramLabel = "ID", description = "a ticket or incident reference")
    String ticket;

    @Option(names = "--start-at", paramLabel = "TIME",
            description = "start no earlier than this ISO-8601 time (2026-11-03T09:00:00Z), or in a while (+15m)")
    String startAt;

    @Option(names = "--rule", paramLabel = "ID", description = "the rule to match (when several could)")
    String rule;

    @Option(names = "--wait", description = "wait, showing progress, until the grant is active or the request ends")
    boolean await;

    RequestCommand(Environment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        ObjectNode body = JSON.createObjectNode();
        actions.forEach(body.putArray("actions")::add);
        resources.forEach(body.putArray("resources")::add);
        body.put("durationMinutes", minutes());
        body.put("justification", why);
        if (ticket != null) {
            body.put("ticket", ticket);
        }
        if (startAt != null) {
            body.put("startAt", startAt());
        }
        if (rule != null) {
            body.put("ruleId", rule);
        }
        JitaClient client = client();
        JsonNode created = client.create(body);
        if (!await) {
            print(created, Views.created(created));
            return ExitCode.OK.code();
        }
        if (!api.json()) {
            print(created, Views.created(created));
        }
        Outcome outcome = await(client, created.path("requestId").asText(), true);
        if (api.json()) {
            print(outcome.request(), "");
        }
        return outcome.exit().code();
    }

    private long minutes() {
        try {
            Duration d = Durations.parse(duration);
            if (d.isZero() || d.toSeconds() % 60 != 0) {
                throw new IllegalArgumentException("--for takes whole minutes, at least one; got '" + duration + "'.");
            }
            return d.toMinutes();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--for: " + e.getMessage());
        }
    }

    private String startAt() {
        String text = startAt.strip();
        try {
            if (text.startsWith("+")) {
                return environment.clock().instant().plus(Durations.parse(text.substring(1)))
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            }
            return OffsetDateTime.parse(text).toInstant().toString();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--start-at takes an ISO-8601 time with its offset, e.g."
                    + " 2026-11-03T09:00:00Z, or +DURATION, e.g. +15m; got '" + startAt + "'.");
        }
    }
}
