package dev.jita.aws;

import java.net.URI;
import java.util.Objects;

/**
 * Where a service is reached and how requests to it are signed.
 *
 * @param uri         scheme, host and port (a path, if any, is the base of every request's path)
 * @param signingName the SigV4 service name, e.g. {@code states} for Step Functions
 * @param region      the SigV4 region, e.g. {@code us-east-1} for IAM whatever the caller's region
 */
public record AwsEndpoint(URI uri, String signingName, String region) {
    public AwsEndpoint {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(signingName, "signingName");
        Objects.requireNonNull(region, "region");
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("An AWS endpoint needs a scheme and a host, like"
                    + " https://kms.eu-west-1.amazonaws.com; got " + uri);
        }
    }
}
