package dev.jita.iam;

import dev.jita.app.AwsErrors;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * STS AssumeRole through the SDK's client into a target account's jita role, then IAM there on those credentials.
 *
 * <p>Why not the SDK's {@code StsAssumeRoleCredentialsProvider}: its session name is fixed when it is built, and
 * design.md wants the request that needed the credentials named in the target account's CloudTrail; it refreshes by
 * the system clock in the background, where jita's expiry rule must follow the injected {@code Clock}; and it would
 * assume lazily inside the first IAM call, where STS's AccessDenied would arrive dressed as an IAM failure. Here the
 * AssumeRole happens first, on its own, and its refusal becomes {@link IamGatewayException.TargetUnreachable}.
 * Throttling is retried by the STS client's standard retry strategy before anything reaches jita.
 */
public final class StsRoleAssumer implements AssumedTargets.RoleAssumer {
    /** STS's minimum; a Lambda invocation is far shorter, and the cache keeps them for the other ten minutes. */
    public static final int DURATION_SECONDS = 900;

    private final StsClient sts;
    private final Function<AwsCredentialsProvider, IamClient> iamOn;
    private final TargetConfig config;

    /**
     * @param iamOn builds an IAM client on these credentials (on the function's one HTTP client)
     */
    public StsRoleAssumer(StsClient sts, Function<AwsCredentialsProvider, IamClient> iamOn, TargetConfig config) {
        this.sts = Objects.requireNonNull(sts, "sts");
        this.iamOn = Objects.requireNonNull(iamOn, "iamOn");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public AssumedTargets.Assumed assume(String accountId, String roleArn, String sessionName) {
        Credentials credentials;
        try {
            credentials = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName(sessionName)
                    .durationSeconds(DURATION_SECONDS)).credentials();
        } catch (SdkException e) {
            throw map(accountId, roleArn, e);
        }
        if (credentials == null || credentials.accessKeyId() == null || credentials.expiration() == null) {
            throw new IamGatewayException.ServiceFailure("STS AssumeRole of " + roleArn + " answered without"
                    + " credentials; this is unexpected, try again", true, null);
        }
        IamClient iam = iamOn.apply(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())));
        return new AssumedTargets.Assumed(new AwsIamGateway(iam), credentials.expiration());
    }

    private IamGatewayException map(String accountId, String roleArn, SdkException e) {
        String code = AwsErrors.code(e);
        // AccessDenied: the role is missing or its trust does not admit this function's role. STS says the same
        // for both, on purpose; so does jita.
        if (AwsErrors.answered(e) && (code.equals("AccessDenied") || code.equals("AccessDeniedException"))) {
            return config.refused(accountId, AwsErrors.awsMessage(e), e);
        }
        String what = "STS AssumeRole of " + roleArn + " failed: " + AwsErrors.reason(e);
        return new IamGatewayException.ServiceFailure(what + (AwsErrors.retryable(e) ? " (try again later)"
                : " (check the target role and this function's sts:AssumeRole permission)"),
                AwsErrors.retryable(e), e);
    }
}
