package dev.jita.app;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What jita reads from an SDK failure, in one place: the service's error code, whether trying again later may pass,
 * and a short reason for messages. The SDK's own exception message quotes AWS's text, which for validation errors
 * can quote the request (a policy document, a task token), so jita's messages are built from the code and status
 * alone; {@link #awsMessage} gives AWS's words, cut short, to callers that know they are safe to show.
 */
public final class AwsErrors {
    private static final int MAX_MESSAGE = 200;

    private AwsErrors() {
    }

    /** Whether AWS answered at all (with an error); false when the call never reached it or its answer was lost. */
    public static boolean answered(SdkException e) {
        return e instanceof AwsServiceException;
    }

    /** The service's error code, e.g. {@code NoSuchEntity}; empty when AWS was not reached or sent none. */
    public static String code(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return "";
    }

    /**
     * Whether the same call may pass later: throttling, a 5xx, or AWS not reached at all. Asked after the SDK's own
     * retries have given up, so it is a question for the workflow's or sweeper's retries, not for another loop here.
     */
    public static boolean retryable(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return true;
    }

    /** The code, else the HTTP status, else that AWS could not be reached and why (the exception's class). */
    public static String reason(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = code(e);
            return code.isEmpty() ? "HTTP " + service.statusCode() : code;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "unreachable (" + root.getClass().getSimpleName() + ")";
    }

    /** AWS's own message, cut to 200 characters; "no message" when there is none. */
    public static String awsMessage(SdkException e) {
        String message = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorMessage() : null;
        if (message == null || message.isBlank()) {
            return "no message";
        }
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
    }
}
