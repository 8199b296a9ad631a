package io.tokenvault.crypto.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.testsupport.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two nodes, each with its own key ring (its own cached keysets), on one database: a rotation on one node must not
 * leave the other unable to read what the first now writes, nor let it keep writing under a key that is no longer
 * primary once its periodic check has run, even if no cluster message arrived.
 */
class KeyRingAcrossNodesTest {

    @TempDir
    Path dataDir;

    static java.util.stream.Stream<String> databases() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aValueSealedUnderAKeyAnotherNodeAddedIsReadWithoutAnyMessage(String kind) throws Exception {
        DataSource dataSource = KeyEncryptionKeyRotationTest.dataSource(TestDatabases.freshOf(kind));
        FileKeyEncryptionKeySource kek = FileKeyEncryptionKeySource.open(dataDir);
        KeyRing nodeA = new KeyRing(dataSource, kek, Clock.systemUTC());
        KeyRing nodeB = new KeyRing(dataSource, kek, Clock.systemUTC());
        Sealed before = nodeA.seal("acme", AssociatedData.REFRESH_TOKEN, "row-1", "first");
        assertThat(nodeB.keyset("acme").primaryKeyId()).isEqualTo(before.keyId());

        TenantKeyset rotated = nodeA.update("acme", TenantKeyset::rotate);
        Sealed after = nodeA.seal("acme", AssociatedData.REFRESH_TOKEN, "row-2", "second");

        assertThat(after.keyId()).isEqualTo(rotated.primaryKeyId()).isNotEqualTo(before.keyId());
        try (SecretValue value = nodeB.open("acme", AssociatedData.REFRESH_TOKEN, "row-2", after)) {
            assertThat(value.reveal()).isEqualTo("second");
        }
        assertThat(nodeB.keyset("acme").primaryKeyId()).as("B reloaded the keyset").isEqualTo(after.keyId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void thePeriodicCheckDropsAKeysetAnotherNodeChanged(String kind) throws Exception {
        DataSource dataSource = KeyEncryptionKeyRotationTest.dataSource(TestDatabases.freshOf(kind));
        FileKeyEncryptionKeySource kek = FileKeyEncryptionKeySource.open(dataDir);
        KeyRing nodeA = new KeyRing(dataSource, kek, Clock.systemUTC());
        KeyRing nodeB = new KeyRing(dataSource, kek, Clock.systemUTC());
        nodeA.seal("acme", AssociatedData.REFRESH_TOKEN, "row-1", "first");
        nodeA.seal("globex", AssociatedData.REFRESH_TOKEN, "row-1", "first");
        int oldPrimary = nodeB.keyset("acme").primaryKeyId();
        nodeB.keyset("globex");
        assertThat(nodeB.forgetChanged()).as("nothing changed yet").isZero();

        TenantKeyset rotated = nodeA.update("acme", TenantKeyset::rotate);

        assertThat(nodeB.keyset("acme").primaryKeyId()).as("B's cached copy, stale").isEqualTo(oldPrimary);
        assertThat(nodeB.forgetChanged()).as("only acme changed").isEqualTo(1);
        assertThat(nodeB.seal("acme", AssociatedData.REFRESH_TOKEN, "row-3", "third").keyId())
                .isEqualTo(rotated.primaryKeyId());
        assertThat(nodeB.forgetChanged()).isZero();
    }
}
