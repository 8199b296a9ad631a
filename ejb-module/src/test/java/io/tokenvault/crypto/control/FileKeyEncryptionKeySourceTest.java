package io.tokenvault.crypto.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyEncryptionKeySourceTest {

    @TempDir
    Path dataDir;

    private Path keyFile() {
        return dataDir.resolve("keys").resolve("kek.json");
    }

    @Test
    void createsAnOwnerOnlyKeyFileOnFirstOpen() throws IOException {
        FileKeyEncryptionKeySource source = FileKeyEncryptionKeySource.open(dataDir);

        assertThat(source.file()).isEqualTo(keyFile());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile().getParent())))
                .isEqualTo("rwx------");
        assertThat(FileKeyEncryptionKeySource.permissionProblem(keyFile())).isEmpty();
        assertThat(source.kekId()).startsWith("file:");
        assertThat(filesIn(keyFile().getParent())).containsExactly("kek.json");
    }

    @Test
    void secondInstanceReadsTheSameKeyWithoutRewritingIt() throws IOException {
        FileKeyEncryptionKeySource first = FileKeyEncryptionKeySource.open(dataDir);
        byte[] fileBefore = Files.readAllBytes(keyFile());
        byte[] wrapped = TenantKeyset.generate().wrap(first, "acme");

        FileKeyEncryptionKeySource second = FileKeyEncryptionKeySource.open(dataDir);

        assertThat(second.kekId()).isEqualTo(first.kekId());
        assertThat(TenantKeyset.unwrap(second, "acme", wrapped).keys()).hasSize(1);
        assertThat(Files.readAllBytes(keyFile())).isEqualTo(fileBefore);
    }

    @Test
    void creatingNeverOverwritesAnExistingFile() throws IOException {
        String kekId = FileKeyEncryptionKeySource.open(dataDir).kekId();
        byte[] existing = Files.readAllBytes(keyFile());

        FileKeyEncryptionKeySource.createIfAbsent(keyFile());

        assertThat(Files.readAllBytes(keyFile())).isEqualTo(existing);
        assertThat(FileKeyEncryptionKeySource.open(dataDir).kekId()).isEqualTo(kekId);
        assertThat(filesIn(keyFile().getParent())).containsExactly("kek.json");
    }

    @Test
    void threadsRacingToCreateTheFileAllGetTheWinnersKey() throws Exception {
        int racers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<String>> ids = new ArrayList<>();
            Callable<String> open = () -> {
                start.await();
                return FileKeyEncryptionKeySource.open(dataDir).kekId();
            };
            for (int i = 0; i < racers; i++) {
                ids.add(pool.submit(open));
            }
            start.countDown();

            String winner = FileKeyEncryptionKeySource.open(dataDir).kekId();
            for (Future<String> id : ids) {
                assertThat(id.get()).isEqualTo(winner);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(filesIn(keyFile().getParent())).containsExactly("kek.json");
    }

    @Test
    void rotationKeepsOldWrappedKeysetsReadableAndRewrapRecordsTheNewKek() throws IOException {
        FileKeyEncryptionKeySource source = FileKeyEncryptionKeySource.open(dataDir);
        TenantKeyset keyset = TenantKeyset.generate();
        String oldKek = source.kekId();
        byte[] wrappedBefore = keyset.wrap(source, "acme");

        String newKek = source.rotate();

        assertThat(newKek).isNotEqualTo(oldKek).isEqualTo(source.kekId());
        TenantKeyset unwrapped = TenantKeyset.unwrap(source, "acme", wrappedBefore);
        byte[] rewrapped = unwrapped.wrap(source, "acme");
        FileKeyEncryptionKeySource restarted = FileKeyEncryptionKeySource.open(dataDir);
        assertThat(restarted.kekId()).isEqualTo(newKek);
        assertThat(TenantKeyset.unwrap(restarted, "acme", wrappedBefore).keys()).isEqualTo(keyset.keys());
        assertThat(TenantKeyset.unwrap(restarted, "acme", rewrapped).keys()).isEqualTo(keyset.keys());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile()))).isEqualTo("rw-------");
        assertThat(filesIn(keyFile().getParent())).containsExactlyInAnyOrder("kek.json", "kek.json.lock");
    }

    @Test
    void instanceLoadedBeforeAnotherRotatedPicksTheNewKeyUp() {
        FileKeyEncryptionKeySource stale = FileKeyEncryptionKeySource.open(dataDir);
        FileKeyEncryptionKeySource rotating = FileKeyEncryptionKeySource.open(dataDir);
        String newKek = rotating.rotate();
        byte[] wrapped = TenantKeyset.generate().wrap(rotating, "acme");

        assertThat(TenantKeyset.unwrap(stale, "acme", wrapped).keys()).hasSize(1);
        assertThat(stale.kekId()).isEqualTo(newKek);
    }

    @Test
    void corruptKeyFileStopsTheStartWithoutBeingReplaced() throws IOException {
        Files.createDirectories(keyFile().getParent());
        byte[] corrupt = "{\"primaryKeyId\": 1, \"key\": [{\"keyData\": {\"value\": \"c2VjcmV0LWJ5dGVz".getBytes(
                StandardCharsets.UTF_8);
        Files.write(keyFile(), corrupt);

        assertThatThrownBy(() -> FileKeyEncryptionKeySource.open(dataDir))
                .isInstanceOf(KeyEncryptionKeyUnavailableException.class)
                .hasMessageContaining(keyFile().toString())
                .hasMessageContaining("corrupt")
                .hasMessageContaining("Refusing to start")
                .hasMessageNotContaining("c2VjcmV0LWJ5dGVz")
                .hasNoCause();
        assertThat(Files.readAllBytes(keyFile())).isEqualTo(corrupt);
    }

    @Test
    void emptyKeyFileStopsTheStart() throws IOException {
        Files.createDirectories(keyFile().getParent());
        Files.createFile(keyFile());

        assertThatThrownBy(() -> FileKeyEncryptionKeySource.open(dataDir))
                .isInstanceOf(KeyEncryptionKeyUnavailableException.class)
                .hasMessageContaining("corrupt");
        assertThat(keyFile()).isEmptyFile();
    }

    @Test
    void unreadableKeyFileStopsTheStart() throws IOException {
        // A directory in the file's place cannot be read, whatever user runs the test.
        Files.createDirectories(keyFile());

        assertThatThrownBy(() -> FileKeyEncryptionKeySource.open(dataDir))
                .isInstanceOf(KeyEncryptionKeyUnavailableException.class)
                .hasMessageContaining(keyFile().toString())
                .hasMessageContaining("cannot be read");
    }

    @Test
    void permissionsWiderThanOwnerOnlyAreReported() throws IOException {
        FileKeyEncryptionKeySource.open(dataDir);
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(keyFile().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(FileKeyEncryptionKeySource.permissionProblem(keyFile())).hasValueSatisfying(problem -> assertThat(
                problem).contains(keyFile().toString(), "rw-r--r--", "chmod 600"));
        assertThat(FileKeyEncryptionKeySource.permissionProblem(keyFile().getParent()))
                .hasValueSatisfying(problem -> assertThat(problem).contains("rwxr-xr-x", "chmod 700"));
        assertThat(FileKeyEncryptionKeySource.open(dataDir).kekId()).as("a warning, not a refusal").startsWith("file:");
    }

    private static List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
