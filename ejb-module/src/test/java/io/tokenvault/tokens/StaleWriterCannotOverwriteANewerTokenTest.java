package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.crypto.control.Hashes;
import io.tokenvault.tokens.EngineFixture.Linked;
import io.tokenvault.tokens.control.AccessGrant;
import io.tokenvault.tokens.control.ConnectionTokenStore;
import io.tokenvault.tokens.control.TokenRow;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Field report, "Storage Race Condition", step 4 of process B: "Store refresh3 (overwrites refresh2)". Every write of a
 * connection's token set names the version it read; a writer that read an older version is refused and re-reads.
 */
class StaleWriterCannotOverwriteANewerTokenTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aWriteBasedOnAnOldVersionIsRejected(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            Linked alice = f.connect("alice");
            ConnectionTokenStore store = f.store();
            TokenRow read = f.row(alice.id());
            Instant now = f.clock().instant();

            assertThat(store.storeRefreshed(EngineFixture.TENANT, alice.id(), read.version(), refreshed("2", now)))
                    .as("first writer").isTrue();
            assertThat(store.storeRefreshed(EngineFixture.TENANT, alice.id(), read.version(), refreshed("3", now)))
                    .as("second writer, based on the same old version").isFalse();
            assertThat(store.claimLease(read, "node-x", now.plusSeconds(30), now)).as("lease from a stale read")
                    .isFalse();
            assertThat(store.markNeedsReauth(EngineFixture.TENANT, alice.id(), read.version(), "revoked", "x", now))
                    .as("a dead-grant verdict from a stale read").isFalse();
            assertThat(store.releaseLease(EngineFixture.TENANT, alice.id(), read.version(), null)).isFalse();

            TokenRow after = f.row(alice.id());
            assertThat(after.refreshHash()).isEqualTo(Hashes.sha256Hex("refresh-2"));
            assertThat(after.version()).isEqualTo(read.version() + 1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aNewerGrantStoredWhileTheEngineRefreshesIsKept(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.behaviour().rotateRefreshTokens(true);
            Linked alice = f.connect("alice");
            f.clock().advance(Duration.ofMinutes(61));
            AtomicReference<Linked> reauthorized = new AtomicReference<>();
            // the provider answered the engine; before its write lands, the user re-authorizes (a newer grant)
            f.database(0).onceBefore(WatchedDataSource.STORE_REFRESHED, () -> reauthorized.set(f.reauthorize(alice)));

            AccessGrant grant = f.token(0, alice.id());

            Linked newer = reauthorized.get();
            assertThat(newer).as("the re-authorization ran during the refresh").isNotNull();
            assertThat(f.storedRefreshToken(alice.id())).as("the newer grant's refresh token stays stored")
                    .isEqualTo(newer.seeded().refreshToken());
            assertThat(grant.accessToken()).isEqualTo(newer.seeded().accessToken());
            assertThat(f.tokenCalls()).isEqualTo(1);
            assertThat(f.token(0, alice.id()).accessToken()).isEqualTo(newer.seeded().accessToken());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void anUnrelatedChangeDuringTheRefreshDoesNotLoseTheRotatedToken(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.behaviour().rotateRefreshTokens(true).reuseDetection(true);
            Linked alice = f.connect("alice");
            f.clock().advance(Duration.ofMinutes(61));
            // an admin edits the connection (scopes) while the provider answers: same grant, newer version
            f.database(0).onceBefore(WatchedDataSource.STORE_REFRESHED, () -> f.sql(
                    "UPDATE connection SET scopes = ?, version = version + 1 WHERE id = ?", "drive.readonly",
                    alice.id()));

            AccessGrant grant = f.token(0, alice.id());

            assertThat(f.storedRefreshToken(alice.id())).as("the rotated refresh token is stored")
                    .isEqualTo(f.providerRefreshToken(alice).orElseThrow());
            assertThat(f.providerAccepts(grant.accessToken())).isTrue();
            f.clock().advance(Duration.ofMinutes(61));
            assertThat(f.providerAccepts(f.token(0, alice.id()).accessToken())).isTrue();
            assertThat(f.sim().isGrantAlive(alice.grantId())).isTrue();
            assertThat(f.tokenCalls()).isEqualTo(2);
        }
    }

    private static ConnectionTokenStore.Refreshed refreshed(String n, Instant now) {
        return new ConnectionTokenStore.Refreshed("YWNjZXNz", 1, Hashes.sha256Hex("access-" + n), "cmVmcmVzaA==", 1,
                Hashes.sha256Hex("refresh-" + n), "Bearer", now.plusSeconds(3600), "drive.readonly", null, now, null, null, null);
    }
}
