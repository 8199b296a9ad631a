package io.tokenvault.apikeys.control;

import io.tokenvault.apikeys.entity.ApiKey;
import io.tokenvault.platform.control.Settings;
import io.tokenvault.tenancy.boundary.Role;
import io.tokenvault.tenancy.control.TenantScope;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Makes sure an operator can get in on first start: the platform-admin key is {@code TOKENVAULT_ADMIN_KEY} when set
 * (and follows it when it changes), otherwise a random key written once to {@code <data dir>/admin-api-key}, readable
 * only by the server's user. The log says where the key is, never the key.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class PlatformAdminBootstrap {

    static final String BOOTSTRAP_KEY_ID = "00000000-0000-0000-0000-000000000001";
    static final String KEY_FILE = "admin-api-key";
    private static final Logger LOG = Logger.getLogger(PlatformAdminBootstrap.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    @Inject
    ApiKeyCache cache;

    @PostConstruct
    void ensurePlatformAdminKey() {
        try (TenantScope ignored = TenantScope.of(ApiKey.PLATFORM)) {
            ApiKey existing = em.find(ApiKey.class, BOOTSTRAP_KEY_ID);
            if (settings.adminKey().isPresent()) {
                String wanted = settings.adminKey().get();
                if (!ApiKeyMaterial.looksLikeKey(wanted)) {
                    throw new IllegalStateException("TOKENVAULT_ADMIN_KEY must be " + ApiKeyMaterial.MIN_LENGTH
                            + " to 256 printable characters without spaces (a long random value)");
                }
                if (wanted.length() < 32) {
                    LOG.warning("TOKENVAULT_ADMIN_KEY is shorter than 32 characters; use a long random value");
                }
                String hash = ApiKeyMaterial.hash(wanted);
                if (existing != null && existing.keyHash().equals(hash) && existing.isActive()) {
                    return;
                }
                replace(existing, hash, "tvk_(env)");
                LOG.info("Platform-admin API key taken from TOKENVAULT_ADMIN_KEY");
                return;
            }
            Path file = settings.dataDir().resolve(KEY_FILE);
            if (existing != null && existing.isActive() && Files.exists(file)) {
                LOG.info(() -> "Platform-admin API key is in " + file);
                return;
            }
            String key = ApiKeyMaterial.generate();
            writeOwnerOnly(file, key);
            replace(existing, ApiKeyMaterial.hash(key), ApiKeyMaterial.displayPrefix(key));
            LOG.info(() -> "Generated a platform-admin API key; it is in " + file + " (readable only by this user)");
        }
    }

    private void replace(ApiKey existing, String hash, String prefix) {
        if (existing != null) {
            cache.evict(existing.id());
            em.remove(existing);
            em.flush();
        }
        em.persist(new ApiKey(BOOTSTRAP_KEY_ID, ApiKey.PLATFORM, Role.PLATFORM_ADMIN, "bootstrap", hash, prefix,
                clock.instant(), null));
    }

    /** Writes a file only this process's user can read (atomically: it is complete or absent). */
    public static void writeOwnerOnly(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp);
            } catch (FileAlreadyExistsException raced) {
                throw new IllegalStateException("Another process is writing " + tmp, raced);
            }
            Files.writeString(tmp, content + System.lineSeparator(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
