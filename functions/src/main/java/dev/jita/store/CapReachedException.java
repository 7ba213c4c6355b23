package dev.jita.store;

/** The store refused to create a request: the requester's role is at one of its {@link Caps}. Nothing was written. */
public final class CapReachedException extends RuntimeException {

    private final Caps.Kind kind;
    private final int limit;

    CapReachedException(String requestId, Caps.Kind kind, int limit) {
        super("request " + requestId + " not created: its role is at the " + kind + " cap of " + limit);
        this.kind = kind;
        this.limit = limit;
    }

    public Caps.Kind kind() {
        return kind;
    }

    public int limit() {
        return limit;
    }
}
