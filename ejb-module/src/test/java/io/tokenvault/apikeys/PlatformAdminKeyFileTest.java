package io.tokenvault.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.apikeys.control.PlatformAdminBootstrapAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformAdminKeyFileTest {

    @Test
    void generatedKeyFileIsReadableOnlyByItsOwner(@TempDir Path dataDir) throws Exception {
        Path file = dataDir.resolve("nested").resolve("admin-api-key");
        PlatformAdminBootstrapAccess.writeOwnerOnly(file, "tvk_secret-value");
        assertThat(Files.readString(file).strip()).isEqualTo("tvk_secret-value");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(dataDir.resolve("nested")).isDirectory();
        assertThat(Files.list(file.getParent())).containsExactly(file); // no temp file left behind
    }

    @Test
    void rewritingReplacesTheKeyAtomically(@TempDir Path dataDir) throws Exception {
        Path file = dataDir.resolve("admin-api-key");
        PlatformAdminBootstrapAccess.writeOwnerOnly(file, "first");
        PlatformAdminBootstrapAccess.writeOwnerOnly(file, "second");
        assertThat(Files.readString(file).strip()).isEqualTo("second");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
