package dev.jita.domain;

/** A status change the lifecycle does not allow, such as DENIED to ACTIVE. */
public final class IllegalTransitionException extends IllegalStateException {
    private final Status from;
    private final Status to;

    public IllegalTransitionException(Status from, Status to) {
        super("A request cannot move from " + from + " to " + to
                + (from.isFinal() ? " because " + from + " is final" : "; from " + from + " it may move to "
                + from.next()) + ".");
        this.from = from;
        this.to = to;
    }

    public Status from() {
        return from;
    }

    public Status to() {
        return to;
    }
}
