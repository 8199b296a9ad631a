package io.tokenvault.connections.entity;

/** Where a connection stands. Only ACTIVE connections hand out tokens. */
public enum ConnectionStatus {
    PENDING, ACTIVE, NEEDS_REAUTH, REVOKED
}
