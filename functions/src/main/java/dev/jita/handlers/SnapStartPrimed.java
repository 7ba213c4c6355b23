package dev.jita.handlers;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A handler whose SnapStart snapshot is primed ({@link Priming}): before the checkpoint it runs its function's sample
 * events on offline clients; after a restore there is nothing to renew, since no connection or credentials were made
 * before the snapshot. Handlers register themselves from their Lambda constructor ({@link #register}).
 */
interface SnapStartPrimed extends Resource {

    /** The function's name in {@link Priming}'s table. */
    String function();

    @Override
    default void beforeCheckpoint(Context<? extends Resource> context) {
        Priming.prime(function(), System.getenv(), new OfflineClients());
    }

    @Override
    default void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew.
    }

    /** Registers the handler for the checkpoint; the global context holds it only as long as Lambda does. */
    static void register(SnapStartPrimed handler) {
        Core.getGlobalContext().register(handler);
    }
}
