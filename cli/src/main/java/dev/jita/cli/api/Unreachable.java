package dev.jita.cli.api;

/** jita could not be called at all: no endpoint, credentials or region, or the network failed. One sentence. */
public final class Unreachable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unreachable(String message) {
        super(message, null, false, false);
    }
}
