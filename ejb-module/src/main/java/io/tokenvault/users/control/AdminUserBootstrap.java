package io.tokenvault.users.control;

import io.tokenvault.apikeys.control.PlatformAdminBootstrap;
import io.tokenvault.apikeys.entity.ApiKey;
import io.tokenvault.platform.control.Settings;
import io.tokenvault.tenancy.boundary.Role;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Makes sure an operator can log in to the web UI on first start, as the API key bootstrap does for the API: user
 * {@value #USERNAME} is a platform admin whose password is {@code TOKENVAULT_ADMIN_PASSWORD} when set (and follows it
 * when it changes), otherwise a random one written once to {@code <data dir>/admin-password}, readable only by the
 * server's user. The log says where the password is, never the password.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AdminUserBootstrap {

    public static final String USERNAME = "admin";
    static final String PASSWORD_FILE = "admin-password";
    static final int MIN_LENGTH = 12;
    private static final Logger LOG = Logger.getLogger(AdminUserBootstrap.class.getName());

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    @PostConstruct
    void ensureAdminUser() {
        WebUserStore store = new WebUserStore(dataSource);
        Optional<WebUser> existing = store.byUsername(USERNAME);
        Optional<String> wanted = settings.adminPassword();
        if (wanted.isPresent()) {
            if (wanted.get().length() < MIN_LENGTH) {
                throw new IllegalStateException("TOKENVAULT_ADMIN_PASSWORD must be at least " + MIN_LENGTH
                        + " characters");
            }
            char[] password = wanted.get().toCharArray();
            try {
                if (existing.isPresent() && PasswordHash.verify(password, existing.get().passwordHash())) {
                    return;
                }
                save(store, existing, PasswordHash.hash(password));
            } finally {
                PasswordHash.wipe(password);
            }
            LOG.info("Web login of user admin: password taken from TOKENVAULT_ADMIN_PASSWORD");
            return;
        }
        Path file = settings.dataDir().resolve(PASSWORD_FILE);
        if (existing.isPresent() && !existing.get().isInvited() && Files.exists(file)) {
            LOG.info(() -> "Web login of user admin: the password is in " + file);
            return;
        }
        String generated = PasswordHash.randomPassword();
        PlatformAdminBootstrap.writeOwnerOnly(file, generated);
        save(store, existing, PasswordHash.hash(generated.toCharArray()));
        LOG.info(() -> "Generated the password of web user admin; it is in " + file + " (readable only by this user)");
    }

    private void save(WebUserStore store, Optional<WebUser> existing, String hash) {
        if (existing.isPresent()) {
            store.setPassword(existing.get().id(), hash);
        } else {
            store.insert(new WebUser(UUID.randomUUID().toString(), USERNAME, ApiKey.PLATFORM, Role.PLATFORM_ADMIN, hash,
                    null, null, clock.instant(), "bootstrap"));
        }
    }
}
