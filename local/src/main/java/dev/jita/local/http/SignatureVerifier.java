package dev.jita.local.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * jita local's stand-in for API Gateway's IAM authorization of a SigV4-signed request: the access key must be one
 * jita local issued, X-Amz-Date within {@link #MAX_SKEW} of the HTTP front's clock, the scope this region and
 * {@code execute-api}, and the signature the one the AWS SDK's own signer computes for this very request (method,
 * path, query, the headers the caller signed, the body) with the key's secret, at the caller's X-Amz-Date. There is
 * no SigV4 code of jita's here: the SDK signs again and the two signatures are compared in constant time.
 * Refusals carry API Gateway's wording ({@link GatewayRefusal}).
 */
public final class SignatureVerifier {
    public static final String SERVICE = "execute-api";
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** API Gateway's tolerance for a client's clock. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Function<String, Optional<AccessKey>> keys;
    private final String region;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param keys   an access key by its id, if issued
     * @param region the region requests must be signed for
     * @param clock  the HTTP front's clock (wall time, as API Gateway's)
     */
    public SignatureVerifier(Function<String, Optional<AccessKey>> keys, String region, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The key that signed {@code raw}.
     *
     * @throws GatewayRefusal 403 in API Gateway's words when the signature does not hold
     */
    public AccessKey verify(RawRequest raw) {
        Authorization auth = Authorization.parse(raw.header("Authorization").orElse(""));
        if (raw.header("X-Amz-Security-Token").isPresent()) {
            throw GatewayRefusal.unknownKey(); // jita local issues no temporary credentials
        }
        AccessKey key = keys.apply(auth.accessKeyId()).orElseThrow(GatewayRefusal::unknownKey);
        String amzDate = raw.header("X-Amz-Date").orElseThrow(() -> GatewayRefusal.incomplete(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."));
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw GatewayRefusal.invalid("Date must be in ISO-8601 'basic format'. Got '" + printable(amzDate)
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        requireFresh(signedAt);
        if (!auth.region().equals(region)) {
            throw GatewayRefusal.invalid("Credential should be scoped to a valid region, not '"
                    + printable(auth.region()) + "'. ");
        }
        if (!auth.service().equals(SERVICE)) {
            throw GatewayRefusal.invalid("Credential should be scoped to correct service: '" + SERVICE + "'. ");
        }
        Authorization expected = Authorization.parse(resign(raw, auth, key, signedAt));
        boolean same = expected.signedHeaders().equals(auth.signedHeaders())
                & MessageDigest.isEqual(expected.signature().getBytes(StandardCharsets.US_ASCII),
                auth.signature().getBytes(StandardCharsets.US_ASCII));
        if (!same) {
            throw GatewayRefusal.signatureMismatch();
        }
        return key;
    }

    private void requireFresh(Instant signedAt) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw GatewayRefusal.invalid("Signature expired: " + AMZ_DATE.format(signedAt) + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 5 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw GatewayRefusal.invalid("Signature not yet current: " + AMZ_DATE.format(signedAt)
                    + " is still later than " + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now)
                    + " + 5 min.)");
        }
    }

    /** The Authorization header the SDK's signer writes for this request, these headers, this key, at that time. */
    private String resign(RawRequest raw, Authorization auth, AccessKey key, Instant signedAt) {
        String host = raw.header("Host").orElseThrow(GatewayRefusal::signatureMismatch);
        int colon = host.lastIndexOf(':');
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(raw.method().toUpperCase(Locale.ROOT)))
                .protocol("http")
                .host(colon > 0 ? host.substring(0, colon) : host)
                .encodedPath(raw.rawPath());
        if (colon > 0) {
            try {
                request.port(Integer.parseInt(host.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw GatewayRefusal.signatureMismatch();
            }
        }
        raw.query().forEach((name, values) -> values.forEach(v -> request.appendRawQueryParameter(name, v)));
        for (String name : auth.signedHeaders().split(";")) {
            List<String> values = values(raw, name);
            if (values.isEmpty()) {
                throw GatewayRefusal.signatureMismatch(); // signed a header it did not send
            }
            request.putHeader(name, values);
        }
        AwsCredentialsIdentity identity = AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey());
        return signer.sign(r -> r.identity(identity)
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(raw.body()))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, auth.region())
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
                .request().firstMatchingHeader("Authorization").orElse("");
    }

    private static List<String> values(RawRequest raw, String name) {
        List<String> values = new ArrayList<>();
        raw.headers().forEach((n, v) -> {
            if (n.equalsIgnoreCase(name)) {
                values.addAll(v);
            }
        });
        return values;
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** The parts of {@code AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request, SignedHeaders=..., Signature=...}. */
    record Authorization(String accessKeyId, String date, String region, String service, String signedHeaders,
                         String signature) {

        static Authorization parse(String header) {
            String text = header.strip();
            if (!text.startsWith(ALGORITHM + " ")) {
                throw GatewayRefusal.incomplete("Authorization header requires 'Credential' parameter."
                        + " Authorization header requires 'Signature' parameter. Authorization header requires"
                        + " 'SignedHeaders' parameter.");
            }
            Map<String, String> parts = new LinkedHashMap<>();
            for (String part : text.substring(ALGORITHM.length()).split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    parts.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
                }
            }
            StringBuilder missing = new StringBuilder();
            for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
                if (parts.getOrDefault(name, "").isEmpty()) {
                    missing.append("Authorization header requires '").append(name).append("' parameter. ");
                }
            }
            if (missing.length() > 0) {
                throw GatewayRefusal.incomplete(missing.toString().strip());
            }
            String[] scope = parts.get("Credential").split("/", -1);
            if (scope.length != 5 || !"aws4_request".equals(scope[4]) || scope[0].isEmpty()) {
                throw GatewayRefusal.incomplete("Credential should be scoped to a valid region. Credential should be"
                        + " scoped with a valid terminator: 'aws4_request'.");
            }
            return new Authorization(scope[0], scope[1], scope[2], scope[3],
                    parts.get("SignedHeaders").toLowerCase(Locale.ROOT), parts.get("Signature"));
        }
    }
}
