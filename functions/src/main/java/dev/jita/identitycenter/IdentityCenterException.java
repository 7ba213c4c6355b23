package dev.jita.identitycenter;

public class IdentityCenterException extends RuntimeException {
    public IdentityCenterException(String message, Throwable cause) {
        super(message, cause);
    }

    public static final class NotFound extends IdentityCenterException {
        public NotFound(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static final class Conflict extends IdentityCenterException {
        public Conflict(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static final class QuotaExceeded extends IdentityCenterException {
        public QuotaExceeded(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static final class AccessDenied extends IdentityCenterException {
        public AccessDenied(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static final class Validation extends IdentityCenterException {
        public Validation(String message, Throwable cause) {
            super(message, cause);
        }
    }

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
