package dev.jita.aws;

import java.util.Optional;
import java.util.Set;

/**
 * The service answered with an error. {@link #errorCode()} is the service's own code with any namespace or URI
 * stripped ({@code com.amazonaws.kms#KMSInvalidMacException} becomes {@code KMSInvalidMacException}), as found in
 * the {@code x-amzn-ErrorType} header, the JSON {@code __type}/{@code code} field or the Query protocol's
 * {@code <Error><Code>}. The exception's message holds no text of AWS's, since validation messages can quote the
 * request's values; {@link #awsMessage()} has it for callers that know it is safe to show.
 */
public final class AwsServiceException extends AwsCallException {

    /** The codes AWS services use for "slow down" (those the AWS SDKs retry as throttling). */
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestThrottledException", "TooManyRequestsException", "ProvisionedThroughputExceededException",
            "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
            "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
            "EC2ThrottledException");

    private final String errorCode;
    private final int statusCode;
    private final String awsMessage;
    private final String requestId;

    /**
     * @param errorCode  the normalized error code; null when the answer carried none
     * @param awsMessage AWS's message, or null
     * @param requestId  AWS's request id, or null
     */
    public AwsServiceException(String service, String operation, int statusCode, String errorCode, String awsMessage,
                               String requestId) {
        super(operation, service + " " + operation + " failed with " + (errorCode == null ? "no error code" : errorCode)
                + " (HTTP " + statusCode + (requestId == null ? "" : ", request id " + requestId) + ")", null);
        this.errorCode = errorCode == null ? "" : errorCode;
        this.statusCode = statusCode;
        this.awsMessage = awsMessage;
        this.requestId = requestId;
    }

    /** The service's error code, e.g. {@code NoSuchEntity}; empty when the answer carried none. */
    public String errorCode() {
        return errorCode;
    }

    public int statusCode() {
        return statusCode;
    }

    public Optional<String> awsMessage() {
        return Optional.ofNullable(awsMessage);
    }

    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** The service asked the caller to slow down (HTTP 429 or a throttling code). */
    public boolean throttling() {
        return statusCode == 429 || THROTTLING.contains(errorCode);
    }

    @Override
    public boolean retryable() {
        return throttling() || statusCode >= 500;
    }

    @Override
    public String reason() {
        return errorCode.isEmpty() ? "HTTP " + statusCode : errorCode;
    }

    /**
     * An error code as AWS writes it, reduced to the code: {@code aws.protocoltests#FooError:http://internal.amazon.com/}
     * becomes {@code FooError}. Null or blank stays null.
     */
    static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String code = raw.trim();
        int colon = code.indexOf(':');
        if (colon >= 0) {
            code = code.substring(0, colon);
        }
        int hash = code.lastIndexOf('#');
        if (hash >= 0) {
            code = code.substring(hash + 1);
        }
        return code.isBlank() ? null : code;
    }
}
