package dev.jita.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The IAM actions of the Identity Center calls the functions make, read from the source of their one adapter,
 * {@code AwsIdentityCenter}: each SDK method it calls on its SSO Admin or Identity Store client, as the action IAM
 * authorizes it by (a paginator is its operation's pages).
 */
final class IdentityCenterCalls {
    static final Path FUNCTIONS = Path.of("../functions/src/main/java");
    static final Path ADAPTER = FUNCTIONS.resolve("dev/jita/identitycenter/AwsIdentityCenter.java");
    /** Where the functions build their clients; it calls none of their operations. */
    static final Path CLIENTS = FUNCTIONS.resolve("dev/jita/app/AwsClients.java");

    private static final Pattern CLIENT_CALL = Pattern.compile("\\b(ssoAdmin|identityStore)\\s*\\.\\s*(\\w+)\\s*\\(");
    /** The operation name each call is wrapped with for its error messages. */
    private static final Pattern NAMED_CALL = Pattern.compile("\\bcall\\(\\s*\"(\\w+)\"");

    private IdentityCenterCalls() {
    }

    /** The actions, sorted; fails when the adapter's calls and the names it gives them disagree. */
    static List<String> read() throws IOException {
        String source = Files.readString(ADAPTER);
        TreeSet<String> actions = new TreeSet<>();
        TreeSet<String> operations = new TreeSet<>();
        Matcher call = CLIENT_CALL.matcher(source);
        while (call.find()) {
            String operation = Character.toUpperCase(call.group(2).charAt(0))
                    + call.group(2).substring(1).replaceFirst("Paginator$", "");
            actions.add((call.group(1).equals("ssoAdmin") ? "sso:" : "identitystore:") + operation);
            operations.add(operation);
        }
        TreeSet<String> named = new TreeSet<>();
        Matcher name = NAMED_CALL.matcher(source);
        while (name.find()) {
            named.add(name.group(1));
        }
        // A second reading of the same file: each client call goes through call("<Operation>", ...).
        assertEquals(named, operations, "the client calls of " + ADAPTER);
        assertTrue(actions.size() > 10, actions.toString());
        return List.copyOf(actions);
    }

    /** The functions' main classes that use the SDK's SSO Admin or Identity Store clients. */
    static List<Path> classesUsingTheClients() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(FUNCTIONS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String source = Files.readString(file);
                if (source.contains("software.amazon.awssdk.services.ssoadmin")
                        || source.contains("software.amazon.awssdk.services.identitystore")) {
                    out.add(file);
                }
            }
        }
        return out;
    }
}
