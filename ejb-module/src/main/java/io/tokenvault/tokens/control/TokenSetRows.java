package io.tokenvault.tokens.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Writes of a connection's sealed token set ({@code connection_token}, see
 * {@link io.tokenvault.connections.entity.ConnectionToken}) that go together with a write of its {@code connection}
 * row, for the stores that work in plain SQL: the refresh engine's and the connect flow's, each in one
 * {@link io.tokenvault.platform.control.LocalTransactions#atomically} with that write.
 */
public final class TokenSetRows {

    private TokenSetRows() {
    }

    /**
     * Stores the sealed refresh token (and access token, or none) of a connection, bumping the token set's version, so
     * that a rotation that read the older token set does not write it back. Adds the row if the connection has none
     * yet (a pending connection gets its first tokens). Call it after the write of the {@code connection} row it goes
     * with, in the same transaction: every writer locks the two rows in that order.
     */
    public static void write(Connection c, String tenantId, String connectionId, String refreshCiphertext,
            long refreshKeyId, String accessCiphertext, Long accessKeyId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE connection_token SET refresh_token_ct = ?,"
                + " refresh_token_key_id = ?, access_token_ct = ?, access_token_key_id = ?, version = version + 1"
                + " WHERE tenant_id = ? AND connection_id = ?")) {
            bind(update, refreshCiphertext, refreshKeyId, accessCiphertext, accessKeyId);
            update.setString(5, tenantId);
            update.setString(6, connectionId);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO connection_token (refresh_token_ct,"
                + " refresh_token_key_id, access_token_ct, access_token_key_id, tenant_id, connection_id, version)"
                + " VALUES (?, ?, ?, ?, ?, ?, 0)")) {
            bind(insert, refreshCiphertext, refreshKeyId, accessCiphertext, accessKeyId);
            insert.setString(5, tenantId);
            insert.setString(6, connectionId);
            insert.executeUpdate();
        }
    }

    private static void bind(PreparedStatement s, String refreshCiphertext, long refreshKeyId, String accessCiphertext,
            Long accessKeyId) throws SQLException {
        s.setString(1, refreshCiphertext);
        s.setLong(2, refreshKeyId);
        s.setString(3, accessCiphertext);
        if (accessCiphertext == null || accessKeyId == null) {
            s.setNull(4, Types.BIGINT);
        } else {
            s.setLong(4, accessKeyId);
        }
    }
}
