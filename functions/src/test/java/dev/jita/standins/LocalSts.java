package dev.jita.standins;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory STS for jita local and tests: AssumeRole as STS decides it for jita's target roles. A role can be
 * assumed only if it exists ({@link #createRole}) and its trust policy names the caller's principal (the role of the
 * calling session, what a trust policy's {@code aws:PrincipalArn} condition compares); otherwise AccessDenied in
 * STS's own words, the same for a missing role as for a refusing one (STS does not say which). Session names and
 * durations are checked as STS checks them. Credentials expire by the given clock.
 */
public final class LocalSts {
    /** STS API reference, AssumeRole RoleSessionName: 2..64 characters of [\w+=,.@-]. */
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern SESSION_ARN = Pattern.compile(
            "arn:([a-z-]+):sts::([0-9]{12}):assumed-role/([\\w+=,.@-]{1,64})/([\\w+=,.@-]{2,64})");
    private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    /** A role's default maximum session duration; jita asks for STS's minimum, 900 s. */
    private static final int MAX_SESSION_SECONDS = 3600;

    /** Temporary credentials as AssumeRole returns them. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    }

    /** STS's AccessDenied, its message as STS words it. */
    public static final class AccessDenied extends RuntimeException {
        public AccessDenied(String message) {
            super(message);
        }
    }

    /** STS's ValidationError: a parameter outside STS's rules. */
    public static final class ValidationError extends RuntimeException {
        public ValidationError(String message) {
            super(message);
        }
    }

    private final Clock clock;
    private final RandomGenerator random;
    /** Role ARN to the principal ARNs its trust policy admits. */
    private final Map<String, Set<String>> trust = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    public LocalSts(Clock clock) {
        this(clock, new SecureRandom());
    }

    public LocalSts(Clock clock, RandomGenerator random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A role that may be assumed, with its trust policy: {@code Principal} the caller's account, condition
     * {@code ArnEquals aws:PrincipalArn} one of {@code trustedPrincipals} (role ARNs), as JitaTarget writes it.
     */
    public void createRole(String roleArn, List<String> trustedPrincipals) {
        trust.put(Objects.requireNonNull(roleArn, "roleArn"), Set.copyOf(trustedPrincipals));
    }

    /**
     * AssumeRole by the session {@code callerArn} ({@code arn:aws:sts::ACCT:assumed-role/ROLE/SESSION}).
     *
     * @throws AccessDenied    when the role does not exist or its trust does not name the caller's role
     * @throws ValidationError for a session name or duration STS refuses
     */
    public Credentials assumeRole(String callerArn, String roleArn, String sessionName, int durationSeconds) {
        calls.incrementAndGet();
        if (sessionName == null || !SESSION_NAME.matcher(sessionName).matches()) {
            throw new ValidationError("1 validation error detected: Value '" + sessionName + "' at 'roleSessionName'"
                    + " failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        if (durationSeconds < 900 || durationSeconds > MAX_SESSION_SECONDS) {
            throw new ValidationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this"
                    + " role, or is below 900.");
        }
        Set<String> trusted = trust.get(roleArn);
        if (trusted == null || !trusted.contains(principalOf(callerArn))) {
            throw new AccessDenied("User: " + callerArn + " is not authorized to perform: sts:AssumeRole on"
                    + " resource: " + roleArn);
        }
        return new Credentials("ASIA" + chars(16), chars(40), "local-session-" + chars(32),
                clock.instant().plus(Duration.ofSeconds(durationSeconds)));
    }

    /** Whether the role exists here (its trust aside). */
    public boolean hasRole(String roleArn) {
        return trust.containsKey(roleArn);
    }

    /** AssumeRole calls so far, refused ones included. */
    public int calls() {
        return calls.get();
    }

    /** A session's aws:PrincipalArn: the role it is a session of. */
    static String principalOf(String callerArn) {
        Matcher m = SESSION_ARN.matcher(callerArn == null ? "" : callerArn);
        if (!m.matches()) {
            return callerArn;
        }
        return "arn:" + m.group(1) + ":iam::" + m.group(2) + ":role/" + m.group(3);
    }

    private String chars(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(KEY_CHARS.charAt(random.nextInt(KEY_CHARS.length())));
        }
        return s.toString();
    }
}
