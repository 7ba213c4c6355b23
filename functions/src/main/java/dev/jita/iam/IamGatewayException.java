package dev.jita.iam;


/**
 * What can go wrong when jita talks to IAM, in jita's own terms so that callers never depend on the SDK's
 * exception hierarchy (and {@code LocalIam} can throw exactly what {@link AwsIamGateway} would).
 */
public abstract sealed class IamGatewayException extends RuntimeException {

    private IamGatewayException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The role or the policy does not exist. For a revoke this means the work is already done. */
    public static final class NoSuchEntity extends IamGatewayException {
        public NoSuchEntity(String message) {
            this(message, null);
        }

        public NoSuchEntity(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An IAM quota would be exceeded, typically the 10,240-character aggregate of a role's inline policies. */
    public static final class LimitExceeded extends IamGatewayException {
        public LimitExceeded(String message) {
            this(message, null);
        }

        public LimitExceeded(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** IAM refused the policy document's syntax. */
    public static final class MalformedPolicyDocument extends IamGatewayException {
        public MalformedPolicyDocument(String message) {
            this(message, null);
        }

        public MalformedPolicyDocument(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A parameter was refused, e.g. a policy or role name outside IAM's naming rules. Not retryable. */
    public static final class InvalidInput extends IamGatewayException {
        public InvalidInput(String message) {
            this(message, null);
        }

        public InvalidInput(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Any other failure: throttling, an IAM outage, the network, missing permissions.
     * {@link #retryable()} tells whether trying again later may help (throttling, 5xx, network).
     */
    public static final class ServiceFailure extends IamGatewayException {
        private final boolean retryable;

        public ServiceFailure(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    /**
     * jita cannot act in the account at all: it is not configured as a target ({@link Kind#NOT_CONFIGURED}, refused
     * before any STS call), or STS refused to let jita assume its target role there ({@link Kind#REFUSED}: the role
     * is missing or does not trust jita). Not retryable by the caller: someone must deploy or configure something. A
     * revoke still retries it as any failure (never pretending success); a grant ends GRANT_FAILED with the message.
     */
    public static final class TargetUnreachable extends IamGatewayException {
        /** Why the account cannot be reached. */
        public enum Kind { NOT_CONFIGURED, REFUSED }

        private final String accountId;
        private final Kind kind;

        public TargetUnreachable(String accountId, Kind kind, String message, Throwable cause) {
            super(message, cause);
            this.accountId = accountId;
            this.kind = kind;
        }

        public String accountId() {
            return accountId;
        }

        public Kind kind() {
            return kind;
        }
    }
}
