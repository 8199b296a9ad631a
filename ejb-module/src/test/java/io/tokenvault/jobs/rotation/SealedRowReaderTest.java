package io.tokenvault.jobs.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.crypto.control.AssociatedData;
import io.tokenvault.crypto.control.FileKeyEncryptionKeySource;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Resealer;
import io.tokenvault.crypto.control.Sealed;
import io.tokenvault.crypto.control.SecretValue;
import io.tokenvault.crypto.control.SealedTable;
import io.tokenvault.crypto.control.TenantKeyset;
import io.tokenvault.testsupport.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The rotation's reader on H2 and PostgreSQL: it hands out a tenant's rows not under the primary key in the order the
 * database pages by (H2: physical order, which here differs from the id order because the rows were inserted in
 * another order; PostgreSQL: id order), across page boundaries, within a partition's id range; and a reader restarted
 * from a checkpoint taken in the middle of a page goes on right after the checkpointed row, whatever happened to the
 * rows before it, while a row a refresh rewrote meanwhile is skipped by the writer.
 */
class SealedRowReaderTest {

    static final String TENANT = "acme";
    static final String OTHER_TENANT = "globex";
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    /** Insertion order; c0 belongs to the other tenant. */
    static final List<String> INSERTED = List.of("c5", "c1", "c0", "c7", "c3", "c2", "c6", "c4");

    @TempDir
    Path kekDirectory;

    private TestDatabases.Database db;
    private DataSource dataSource;
    private KeyRing ring;
    /** Where the readers read and seal their page ahead, as the server's managed executor does. */
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void dropSchema() {
        executor.shutdownNow();
        if (db != null) {
            TestDatabases.dispose(db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void pagesInTheDatabasesOrderAndResumesRightAfterItsCheckpoint(String kind) throws Exception {
        seededAndRotated(kind);
        Resealer resealer = new Resealer(dataSource, ring);
        // H2 pages in physical (insertion) order, PostgreSQL in id order
        List<String> order = kind.equals("h2") ? INSERTED.stream().filter(id -> !id.equals("c0")).toList()
                : List.of("c1", "c2", "c3", "c4", "c5", "c6", "c7");

        // a partition's id range ("c2" < id < "c6"), pages of 2, read to its end
        SealedRowReader range = reader("c2", "c6", "2");
        range.open(null);
        assertThat(keys(read(range, 10))).containsExactlyElementsOf(
                order.stream().filter(id -> id.compareTo("c2") > 0 && id.compareTo("c6") < 0).toList());

        // the whole table, pages of 3, chunks of 2: the first chunk is written, one of its rows rewritten meanwhile
        // still under the old key (by a node that had not seen the new key yet)
        SealedRowReader first = reader("", "", "3");
        first.open(null);
        List<Resealer.Resealed> chunk1 = read(first, 2);
        assertThat(keys(chunk1)).containsExactlyElementsOf(order.subList(0, 2));
        rewriteUnderTheOldKey(order.get(1));
        Resealer.Result written1 = resealer.write(chunk1);
        assertThat(written1.done()).isEqualTo(1);
        assertThat(written1.deferred()).extracting(Resealer.Row::key).containsExactly(order.get(1));
        Serializable checkpoint = roundTrip(first.checkpointInfo()); // JBeret stores it serialized
        // the next chunk crosses into the second page; the server dies before writing it
        assertThat(keys(read(first, 2))).containsExactlyElementsOf(order.subList(2, 4));
        first.close();

        // restarted from the checkpoint: the deferred row, still under the old key, lies behind it and is not read again
        // (the summary step's finishing pass reseals it); the unwritten chunk is read again, in order
        SealedRowReader second = reader("", "", "3");
        second.open(checkpoint);
        List<Resealer.Resealed> chunk2 = read(second, 2);
        assertThat(keys(chunk2)).containsExactlyElementsOf(order.subList(2, 4));
        rewriteAsARefreshWould(ring, order.get(3)); // after the read, before the write
        Resealer.Result written2 = resealer.write(chunk2);
        assertThat(written2.done()).isEqualTo(1);
        assertThat(written2.skipped()).isEqualTo(1);
        List<Resealer.Resealed> rest = read(second, 10);
        assertThat(keys(rest)).containsExactlyElementsOf(order.subList(4, 7));
        assertThat(second.readItem()).isNull();
        assertThat(resealer.write(rest).done()).isEqualTo(3);

        assertThat(resealer.countNotUnderPrimary(SealedTable.CONNECTION, TENANT)).isEqualTo(1);
        assertThat(resealer.resealRemaining(TENANT, 1, java.time.Duration.ZERO)).isEqualTo(1);
        assertThat(resealer.countNotUnderPrimary(SealedTable.CONNECTION, TENANT)).isZero();
        assertThat(resealer.countNotUnderPrimary(SealedTable.CONNECTION, OTHER_TENANT)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aRowRewrittenAfterItsPageWasReadAheadFailsItsGuardAndIsSkipped(String kind) throws Exception {
        seededAndRotated(kind);
        Resealer resealer = new Resealer(dataSource, ring);
        HeldExecutor held = new HeldExecutor();
        SealedRowReader reader = reader("", "", "2");
        reader.executor = held;
        reader.open(null);

        // the first page is read when asked for, and the second is then handed to the executor to read ahead
        List<Resealer.Resealed> chunk1 = read(reader, 2);
        assertThat(held.waiting()).isEqualTo(1);
        held.runAll(); // the second page is read and sealed now, while the first chunk is being written
        assertThat(resealer.write(chunk1).done()).isEqualTo(2);
        // what the read ahead saw: the next two rows not under the primary key, in the database's order
        List<String> aheadKeys = resealer.page(SealedTable.CONNECTION, TENANT, null, null,
                chunk1.get(1).row().position(), 2).stream().map(Resealer.Row::key).toList();
        rewriteAsARefreshWould(ring, aheadKeys.get(0)); // a refresh stores new tokens after the page was read

        List<Resealer.Resealed> chunk2 = read(reader, 2);
        assertThat(keys(chunk2)).containsExactlyElementsOf(aheadKeys);
        Resealer.Result written2 = resealer.write(chunk2);
        assertThat(written2.done()).isEqualTo(1);
        assertThat(written2.skipped()).isEqualTo(1); // its version moved on: the refresh's tokens stay
        try (SecretValue stored = ring.open(TENANT, AssociatedData.REFRESH_TOKEN, aheadKeys.get(0),
                refreshOf(aheadKeys.get(0)))) {
            assertThat(stored.reveal()).isEqualTo("refreshed-" + aheadKeys.get(0));
        }

        // the rest, with the executor running each read ahead as it comes
        held.runAsSubmitted();
        List<Resealer.Resealed> rest = read(reader, 10);
        assertThat(reader.readItem()).isNull();
        assertThat(resealer.write(rest).done()).isEqualTo(rest.size());
        assertThat(resealer.countNotUnderPrimary(SealedTable.CONNECTION, TENANT)).isZero();
        reader.close();
    }

    /** A fresh database with the seeded rows, both tenants' keysets rotated: no row is under its primary key. */
    private void seededAndRotated(String kind) throws Exception {
        db = TestDatabases.freshOf(kind);
        dataSource = dataSource(db);
        ring = new KeyRing(dataSource, FileKeyEncryptionKeySource.open(kekDirectory),
                Clock.fixed(NOW, ZoneOffset.UTC));
        seed(ring);
        ring.update(TENANT, TenantKeyset::rotate);
        ring.update(OTHER_TENANT, TenantKeyset::rotate); // its row is not under its primary either: the tenant filters
    }

    private SealedRowReader reader(String after, String before, String pageSize) {
        SealedRowReader reader = new SealedRowReader();
        reader.table = SealedTable.CONNECTION.name();
        reader.after = after;
        reader.before = before;
        reader.tenant = TENANT;
        reader.pageSize = pageSize;
        reader.keyRing = ring;
        reader.dataSource = dataSource;
        reader.executor = executor;
        return reader;
    }

    private static List<Resealer.Resealed> read(SealedRowReader reader, int atMost) throws Exception {
        List<Resealer.Resealed> rows = new ArrayList<>();
        Object item;
        while (rows.size() < atMost && (item = reader.readItem()) != null) {
            rows.add((Resealer.Resealed) item);
        }
        return rows;
    }

    private static List<String> keys(List<Resealer.Resealed> rows) {
        return rows.stream().map(r -> r.row().key()).toList();
    }

    /** An executor whose tasks wait until the test runs them, so that a read ahead happens at a chosen moment. */
    private static final class HeldExecutor extends java.util.concurrent.AbstractExecutorService {

        private final java.util.Deque<Runnable> tasks = new java.util.ArrayDeque<>();
        private boolean runAsSubmitted;

        int waiting() {
            return tasks.size();
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }

        void runAsSubmitted() {
            runAll();
            runAsSubmitted = true;
        }

        @Override
        public void execute(Runnable task) {
            if (runAsSubmitted) {
                task.run();
            } else {
                tasks.add(task);
            }
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
            return true;
        }
    }

    private Sealed refreshOf(String id) throws Exception {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT refresh_token_ct, refresh_token_key_id FROM connection_token WHERE connection_id = ?")) {
            s.setString(1, id);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Sealed((int) rs.getLong(2), KeyRing.decode(rs.getString(1)));
            }
        }
    }

    private static Serializable roundTrip(Serializable checkpoint) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(checkpoint);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Serializable) in.readObject();
        }
    }

    private void seed(KeyRing ring) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String tenant : List.of(TENANT, OTHER_TENANT)) {
                s.execute("INSERT INTO tenant (id, name, created_at, version) VALUES ('" + tenant + "', '" + tenant
                        + "', CURRENT_TIMESTAMP, 0)");
                s.execute("INSERT INTO oauth_app (id, tenant_id, app_key, provider, client_id, scopes, token_endpoint,"
                        + " token_endpoint_auth_method, created_at, updated_at, version) VALUES ('app-" + tenant
                        + "', '" + tenant + "', 'crm', 'oauth2', 'client', 'files.read', 'https://example.test/token',"
                        + " 'client_secret_basic', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)");
            }
        }
        for (String id : INSERTED) {
            String tenant = id.equals("c0") ? OTHER_TENANT : TENANT;
            Sealed refresh = ring.seal(tenant, AssociatedData.REFRESH_TOKEN, id, "refresh-" + id);
            Sealed access = ring.seal(tenant, AssociatedData.ACCESS_TOKEN, id, "access-" + id);
            try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("INSERT INTO connection (id,"
                    + " tenant_id, app_id, external_user_id, status, status_changed_at, created_at, version)"
                    + " VALUES (?, ?, ?, ?, 'ACTIVE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)");
                    PreparedStatement t = c.prepareStatement("INSERT INTO connection_token (connection_id, tenant_id,"
                            + " refresh_token_ct, refresh_token_key_id, access_token_ct, access_token_key_id, version)"
                            + " VALUES (?, ?, ?, ?, ?, ?, 0)")) {
                s.setString(1, id);
                s.setString(2, tenant);
                s.setString(3, "app-" + tenant);
                s.setString(4, "user-" + id);
                s.executeUpdate();
                t.setString(1, id);
                t.setString(2, tenant);
                t.setString(3, KeyRing.encode(refresh.ciphertext()));
                t.setLong(4, refresh.keyId());
                t.setString(5, KeyRing.encode(access.ciphertext()));
                t.setLong(6, access.keyId());
                t.executeUpdate();
            }
        }
    }

    /** A write of the token set that leaves it under the key it was under (a node that has not seen the new key). */
    private void rewriteUnderTheOldKey(String id) throws Exception {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE connection_token SET version = version + 1 WHERE connection_id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    private void rewriteAsARefreshWould(KeyRing ring, String id) throws Exception {
        Sealed refresh = ring.seal(TENANT, AssociatedData.REFRESH_TOKEN, id, "refreshed-" + id);
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

    private static DataSource dataSource(TestDatabases.Database db) {
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
}
