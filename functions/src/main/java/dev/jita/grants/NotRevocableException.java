package dev.jita.grants;

import dev.jita.domain.Status;

/** An early revoke of a request that has no grant to end yet: it is still pending (cancel it instead). */
public final class NotRevocableException extends RuntimeException {
    private final Status status;

    public NotRevocableException(String requestId, Status status) {
        super("Request " + requestId + " is " + status + " and has no grant to revoke; withdraw it with POST /requests/"
                + requestId + "/cancel instead.");
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
