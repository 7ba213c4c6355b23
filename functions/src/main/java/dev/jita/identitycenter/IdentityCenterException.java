package dev.jita.identitycenter;

/**
 * What can go wrong when jita talks to IAM Identity Center, in jita's own terms so that callers never depend on the
 * SDK's exception hierarchy (and the stand-in can throw exactly what {@link AwsIdentityCenter} would).
 */
public abstract sealed class IdentityCenterException extends RuntimeException {

    private IdentityCenterException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The permission set, user, assignment or provisioning request does not exist (ResourceNotFoundException). */
    public static final class NotFound extends IdentityCenterException {
        public NotFound(String message) {
            this(message, null);
        }

        public NotFound(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * ConflictException: the name is taken, the permission set is still in use, or another provisioning operation
     * on the same permission set has not finished (worth trying again once it has).
     */
    public static final class Conflict extends IdentityCenterException {
        public Conflict(String message) {
            this(message, null);
        }

        public Conflict(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An Identity Center quota would be exceeded, e.g. permission sets per instance (ServiceQuotaExceededException). */
    public static final class QuotaExceeded extends IdentityCenterException {
        public QuotaExceeded(String message) {
            this(message, null);
        }

        public QuotaExceeded(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** jita's role may not make the call (AccessDeniedException): a deployment problem, not retryable. */
    public static final class AccessDenied extends IdentityCenterException {
        public AccessDenied(String message) {
            this(message, null);
        }

        public AccessDenied(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A parameter was refused (ValidationException): a name, duration, description or policy out of bounds. */
    public static final class Validation extends IdentityCenterException {
        public Validation(String message) {
            this(message, null);
        }

        public Validation(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Any other failure: throttling, an Identity Center outage, the network, an unexpected answer.
     * {@link #retryable()} tells whether trying again later may help (throttling, 5xx, network).
     */
    public static final class ServiceFailure extends IdentityCenterException {
        private final boolean retryable;

        public ServiceFailure(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
