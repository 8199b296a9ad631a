package io.tokenvault.crypto.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.testsupport.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The re-encryption's write, on H2 (a JDBC batch) and PostgreSQL (one set-based statement): every value ends under the
 * primary key and still opens to the same secret; a row a refresh rewrote meanwhile is skipped, a leased row is
 * deferred and never overwritten, and the counts add up.
 */
class ResealerTest {

    static final String TENANT = "acme";
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void resealsUnderThePrimaryKeyAndRespectsEveryGuard(String kind) throws Exception {
        TestDatabases.Database db = TestDatabases.freshOf(kind);
        TinkSetup.registerAead();
        DataSource dataSource = KeyEncryptionKeyRotationTest.dataSource(db);
        KeyRing ring = new KeyRing(dataSource, SampleKeyEncryptionKeySource.generate(), Clock.systemUTC());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO tenant (id, name, created_at, version) VALUES ('acme', 'Acme', CURRENT_TIMESTAMP, 0)");
            s.execute("INSERT INTO oauth_app (id, tenant_id, app_key, provider, client_id, scopes, token_endpoint,"
                    + " token_endpoint_auth_method, created_at, updated_at, version) VALUES ('app-1', 'acme', 'crm',"
                    + " 'oauth2', 'client', 'files.read', 'https://example.test/token', 'client_secret_basic',"
                    + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)");
        }
        for (int i = 0; i < 6; i++) {
            insertConnection(db, ring, "conn-" + i);
        }
        int oldKey = ring.keyset(TENANT).primaryKeyId();
        ring.update(TENANT, TenantKeyset::rotate);
        int newKey = ring.keyset(TENANT).primaryKeyId();
        Resealer resealer = new Resealer(dataSource, ring);
        List<Resealer.Row> page = resealer.page(SealedTable.CONNECTION, TENANT, null, null, null, 100);
        assertThat(page).hasSize(6);
        assertThat(resealer.countNotUnderPrimary(SealedTable.CONNECTION, TENANT)).isEqualTo(6);

        // meanwhile: a refresh rewrote conn-1 under the new key; conn-2 is leased by a refresh in flight; conn-3 was
        // rewritten under the old key (by a node that had not seen the new key yet)
        rewriteAsARefreshWould(db, ring, "conn-1");
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE connection SET lease_owner = 'node-b', lease_until = ?, version = version + 1 WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(NOW.plusSeconds(30)));
            s.setString(2, "conn-2");
            s.executeUpdate();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE connection_token SET version = version + 1 WHERE connection_id = 'conn-3'");
        }

        Resealer.Result result = resealer.reseal(page);

        // the lease is the refresh engine's business: the rotation neither waits for it nor touches the connection
        // row, so the refresh in flight still stores its tokens (its compare-and-set is on connection.version)
        assertThat(result.done()).isEqualTo(4);
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(result.failed()).isZero();
        assertThat(result.deferred()).extracting(Resealer.Row::key).containsExactly("conn-3");
        assertThat(keyIdsOf(db, "conn-3")).containsOnly((long) oldKey);
        for (String id : List.of("conn-0", "conn-1", "conn-2", "conn-4", "conn-5")) {
            assertThat(keyIdsOf(db, id)).as(id).containsOnly((long) newKey);
            assertThat(open(db, ring, id)).isEqualTo(List.of("refresh-" + id, "access-" + id));
        }
        assertThat(versionOf(db, "connection_token", "connection_id", "conn-0")).isEqualTo(1);
        assertThat(versionOf(db, "connection", "id", "conn-0")).isZero();
        assertThat(versionOf(db, "connection", "id", "conn-2")).isEqualTo(1); // the lease's claim, nothing else

        // the deferred row goes through on the next try
        Resealer.Result retry = resealer.reseal(resealer.page(SealedTable.CONNECTION, TENANT, null, null, null, 100));
        assertThat(retry.done()).isEqualTo(1);
        assertThat(open(db, ring, "conn-3")).isEqualTo(List.of("refresh-conn-3", "access-conn-3"));
        assertThat(resealer.countNotUnderPrimary(SealedTable.CONNECTION, TENANT)).isZero();
        assertThat(resealer.valuesByKey(TENANT)).containsOnlyKeys((long) newKey);
    }

    private static void insertConnection(TestDatabases.Database db, KeyRing ring, String id) throws Exception {
        Sealed refresh = ring.seal(TENANT, AssociatedData.REFRESH_TOKEN, id, "refresh-" + id);
        Sealed access = ring.seal(TENANT, AssociatedData.ACCESS_TOKEN, id, "access-" + id);
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("INSERT INTO connection (id,"
                + " tenant_id, app_id, external_user_id, status, status_changed_at, created_at, version)"
                + " VALUES (?, 'acme', 'app-1', ?, 'ACTIVE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)");
                PreparedStatement t = c.prepareStatement("INSERT INTO connection_token (connection_id, tenant_id,"
                        + " refresh_token_ct, refresh_token_key_id, access_token_ct, access_token_key_id, version)"
                        + " VALUES (?, 'acme', ?, ?, ?, ?, 0)")) {
            s.setString(1, id);
            s.setString(2, "user-" + id);
            s.executeUpdate();
            t.setString(1, id);
            t.setString(2, KeyRing.encode(refresh.ciphertext()));
            t.setLong(3, refresh.keyId());
            t.setString(4, KeyRing.encode(access.ciphertext()));
            t.setLong(5, access.keyId());
            t.executeUpdate();
        }
    }

    private static void rewriteAsARefreshWould(TestDatabases.Database db, KeyRing ring, String id) throws Exception {
        Sealed refresh = ring.seal(TENANT, AssociatedData.REFRESH_TOKEN, id, "refresh-" + id);
        Sealed access = ring.seal(TENANT, AssociatedData.ACCESS_TOKEN, id, "access-" + id);
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("UPDATE connection_token SET"
                + " refresh_token_ct = ?, refresh_token_key_id = ?, access_token_ct = ?, access_token_key_id = ?,"
                + " version = version + 1 WHERE connection_id = ?")) {
            s.setString(1, KeyRing.encode(refresh.ciphertext()));
            s.setLong(2, refresh.keyId());
            s.setString(3, KeyRing.encode(access.ciphertext()));
            s.setLong(4, access.keyId());
            s.setString(5, id);
            s.executeUpdate();
        }
    }

    private static List<Long> keyIdsOf(TestDatabases.Database db, String id) throws Exception {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT refresh_token_key_id, access_token_key_id FROM connection_token WHERE connection_id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return List.of(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    private static long versionOf(TestDatabases.Database db, String table, String key, String id) throws Exception {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT version FROM " + table + " WHERE " + key + " = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<String> open(TestDatabases.Database db, KeyRing ring, String id) throws Exception {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT refresh_token_ct,"
                + " refresh_token_key_id, access_token_ct, access_token_key_id FROM connection_token"
                + " WHERE connection_id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                List<String> values = new ArrayList<>();
                String[] purposes = {AssociatedData.REFRESH_TOKEN, AssociatedData.ACCESS_TOKEN};
                for (int i = 0; i < 2; i++) {
                    Sealed sealed = new Sealed((int) rs.getLong(2 + 2 * i), KeyRing.decode(rs.getString(1 + 2 * i)));
                    try (SecretValue value = ring.open(TENANT, purposes[i], id, sealed)) {
                        values.add(value.reveal());
                    }
                }
                return values;
            }
        }
    }
}
