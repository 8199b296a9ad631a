package io.tokenvault.apikeys.control;

import java.nio.file.Path;

/** Opens the bootstrap's package-private file writing to tests in other packages. */
public final class PlatformAdminBootstrapAccess {

    private PlatformAdminBootstrapAccess() {
    }

    public static void writeOwnerOnly(Path file, String content) {
        PlatformAdminBootstrap.writeOwnerOnly(file, content);
    }
}
