package dev.jita.aws;

import java.io.IOException;

/** The service could not be reached or its answer could not be read (connection refused, timeout, reset). */
public final class AwsUnreachableException extends AwsCallException {

    AwsUnreachableException(String service, String operation, IOException cause) {
        super(operation, service + " " + operation + " could not reach the service: " + cause.getClass().getSimpleName(),
                cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }

    @Override
    public String reason() {
        return "unreachable";
    }
}
