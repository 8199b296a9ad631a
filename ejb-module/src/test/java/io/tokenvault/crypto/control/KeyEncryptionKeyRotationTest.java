package io.tokenvault.crypto.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.tokenvault.testsupport.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * KEK rotation re-wraps the tenant keysets only: afterwards every keyset is wrapped by the new KEK version (readable
 * with the new key alone), while the data keys, and so every sealed value, stay exactly as they were.
 */
class KeyEncryptionKeyRotationTest {

    @TempDir
    Path dataDir;

    static java.util.stream.Stream<String> databases() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rotationRewrapsEveryKeysetAndLeavesTheSealedValuesAlone(String kind) throws Exception {
        TestDatabases.Database db = TestDatabases.freshOf(kind);
        javax.sql.DataSource dataSource = dataSource(db);
        FileKeyEncryptionKeySource kek = FileKeyEncryptionKeySource.open(dataDir);
        KeyRing ring = new KeyRing(dataSource, kek, Clock.systemUTC());
        Map<String, Sealed> sealed = new HashMap<>();
        for (String tenant : new String[] {"acme", "globex", "initech"}) {
            sealed.put(tenant, ring.seal(tenant, AssociatedData.REFRESH_TOKEN, "row-1", "refresh-of-" + tenant));
        }
        String before = kek.kekId();
        assertThat(ring.keysetsByKek()).containsExactly(Map.entry(before, 3));

        String after = kek.rotate();
        KeyRing.Rewrap rewrap = ring.rewrapAll();

        assertThat(after).isNotEqualTo(before);
        assertThat(rewrap).isEqualTo(new KeyRing.Rewrap(after, 3, 0, java.util.List.of()));
        assertThat(ring.keysetsByKek()).containsExactly(Map.entry(after, 3));
        assertThat(ring.rewrapAll()).as("nothing left to do").isEqualTo(new KeyRing.Rewrap(after, 0, 3, java.util.List.of()));

        // the keysets now unwrap with the new KEK version alone
        KeyRing newKeyOnly = new KeyRing(dataSource, onlyPrimaryKeyOf(kek.file()), Clock.systemUTC());
        for (Map.Entry<String, Sealed> e : sealed.entrySet()) {
            try (SecretValue value = newKeyOnly.open(e.getKey(), AssociatedData.REFRESH_TOKEN, "row-1", e.getValue())) {
                assertThat(value.reveal()).isEqualTo("refresh-of-" + e.getKey());
            }
        }
        // and the old KEK version alone can no longer read them
        KeyRing oldKeyOnly = new KeyRing(dataSource, withoutPrimaryKeyOf(kek.file()), Clock.systemUTC());
        assertThatThrownBy(() -> oldKeyOnly.keyset("acme")).isInstanceOf(KeysetUnwrapException.class)
                .hasMessageNotContaining("refresh-of");
        // the data keys did not change: the primary data key id is the one each value was sealed with
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT tenant_id, primary_key_id FROM tenant_keyset")) {
            while (rs.next()) {
                assertThat(rs.getLong(2)).isEqualTo(sealed.get(rs.getString(1)).keyId());
            }
        }
    }

    static javax.sql.DataSource dataSource(TestDatabases.Database db) {
        if (db.name().equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(db.url());
            h2.setUser(db.user());
            h2.setPassword(db.password());
            return h2;
        }
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(db.url());
        pg.setUser(db.user());
        pg.setPassword(db.password());
        return pg;
    }

    private static KeyEncryptionKeySource onlyPrimaryKeyOf(Path file) throws Exception {
        return subset(file, true);
    }

    private static KeyEncryptionKeySource withoutPrimaryKeyOf(Path file) throws Exception {
        return subset(file, false);
    }

    private static KeyEncryptionKeySource subset(Path file, boolean keepPrimary) throws Exception {
        TinkSetup.registerAead();
        KeysetHandle all = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
                InsecureSecretKeyAccess.get());
        int primary = all.getPrimary().getId();
        KeysetHandle.Builder builder = KeysetHandle.newBuilder();
        for (int i = 0; i < all.size(); i++) {
            KeysetHandle.Entry entry = all.getAt(i);
            if ((entry.getId() == primary) == keepPrimary) {
                KeysetHandle.Builder.Entry copy = KeysetHandle.importKey(entry.getKey()).withFixedId(entry.getId());
                builder.addEntry(keepPrimary || builder.size() == 0 ? copy.makePrimary() : copy);
            }
        }
        KeysetHandle handle = builder.build();
        Aead aead = handle.getPrimitive(TinkSetup.configuration(), Aead.class);
        String id = "file:" + Integer.toUnsignedString(handle.getPrimary().getId());
        return new KeyEncryptionKeySource() {
            @Override
            public String kekId() {
                return id;
            }

            @Override
            public Aead aead() {
                return aead;
            }
        };
    }
}
