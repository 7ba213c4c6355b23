package dev.jita.handlers;

import dev.jita.app.Clients;

/**
 * The functions' offline clients (SnapStart priming's: the SDK's clients on an HTTP client that answers
 * in-process) for the infrastructure tests, which sit in another package. Test code only.
 */
public final class OfflineWiring {
    private OfflineWiring() {
    }

    public static Clients clients() {
        return new OfflineClients();
    }
}
