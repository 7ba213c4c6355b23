package dev.jita.store;

/** No request with this id exists. */
public final class RequestNotFoundException extends RuntimeException {
    private final String requestId;

    RequestNotFoundException(String requestId) {
        super("no request " + requestId + ": check the id");
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }
}
