package io.tokenvault.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenvault.testsupport.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Migration V13 moves the sealed tokens of existing connections from {@code connection} to {@code connection_token}:
 * every value and key id as it was, no row lost, none made up for a connection that had no tokens, and deleting a
 * connection deletes its tokens.
 */
class ConnectionTokenMigrationTest {

    private TestDatabases.Database db;

    @AfterEach
    void dispose() {
        if (db != null) {
            TestDatabases.dispose(db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void movesTheSealedTokensOfExistingConnectionsAsTheyWere(String kind) throws Exception {
        db = TestDatabases.freshAt(kind, "12");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO tenant (id, name, created_at, version) VALUES ('acme', 'acme', CURRENT_TIMESTAMP, 0)");
            s.execute("INSERT INTO oauth_app (id, tenant_id, app_key, provider, client_id, scopes, token_endpoint,"
                    + " token_endpoint_auth_method, created_at, updated_at, version) VALUES ('app-1', 'acme', 'crm',"
                    + " 'oauth2', 'client', 'files.read', 'https://example.test/token', 'client_secret_basic',"
                    + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)");
            s.execute("INSERT INTO connection (id, tenant_id, app_id, external_user_id, status, status_changed_at,"
                    + " created_at, refresh_token_ct, refresh_token_key_id, refresh_token_hash, access_token_ct,"
                    + " access_token_key_id, version) VALUES ('c-active', 'acme', 'app-1', 'alice', 'ACTIVE',"
                    + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'cmVmcmVzaA', 11, 'hash', 'YWNjZXNz', 12, 7)");
            s.execute("INSERT INTO connection (id, tenant_id, app_id, external_user_id, status, status_changed_at,"
                    + " created_at, refresh_token_ct, refresh_token_key_id, version) VALUES ('c-refresh-only', 'acme',"
                    + " 'app-1', 'bob', 'ACTIVE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'b25seQ', 11, 3)");
            s.execute("INSERT INTO connection (id, tenant_id, app_id, external_user_id, status, status_changed_at,"
                    + " created_at, version) VALUES ('c-pending', 'acme', 'app-1', 'carol', 'PENDING',"
                    + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)");
        }

        TestDatabases.migrate(db);

        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(tokens(s, "c-active")).isEqualTo("acme cmVmcmVzaA 11 YWNjZXNz 12 0");
            assertThat(tokens(s, "c-refresh-only")).isEqualTo("acme b25seQ 11 null null 0");
            assertThat(tokens(s, "c-pending")).isNull();
            try (ResultSet rs = s.executeQuery("SELECT version, refresh_token_hash FROM connection WHERE id = 'c-active'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the connection keeps its own version").isEqualTo(7);
                assertThat(rs.getString(2)).isEqualTo("hash");
            }
            assertThatThrownBy(() -> s.executeQuery("SELECT refresh_token_ct FROM connection"))
                    .isInstanceOf(SQLException.class);

            s.executeUpdate("DELETE FROM connection WHERE id = 'c-active'");
            assertThat(tokens(s, "c-active")).isNull();
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO connection_token (connection_id, tenant_id, version)"
                    + " VALUES ('no-such-connection', 'acme', 0)")).isInstanceOf(SQLException.class);
        }
    }

    private static String tokens(Statement s, String id) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT tenant_id, refresh_token_ct, refresh_token_key_id, access_token_ct,"
                + " access_token_key_id, version FROM connection_token WHERE connection_id = '" + id + "'")) {
            if (!rs.next()) {
                return null;
            }
            return rs.getString(1) + " " + rs.getString(2) + " " + rs.getObject(3) + " " + rs.getString(4) + " "
                    + rs.getObject(5) + " " + rs.getObject(6);
        }
    }
}
