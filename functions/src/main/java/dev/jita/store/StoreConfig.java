package dev.jita.store;

import java.util.Objects;

/** The table names the store writes to (CDK passes them to the functions as environment variables). */
public record StoreConfig(String requestsTable, String auditTable) {
    public StoreConfig {
        Objects.requireNonNull(requestsTable, "requestsTable");
        Objects.requireNonNull(auditTable, "auditTable");
    }
}
