package dev.jita.store;

/** An approver's answer. */
public enum Decision {
    APPROVE,
    DENY
}
