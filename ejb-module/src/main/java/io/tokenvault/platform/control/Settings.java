package io.tokenvault.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The application's configuration, read through MicroProfile Config so that each setting can come from an
 * environment variable ({@code TOKENVAULT_DATA_DIR}) or a system property ({@code tokenvault.data.dir}).
 * Every setting has a safe default for the embedded mode.
 */
@ApplicationScoped
public class Settings {

    @Inject
    @ConfigProperty(name = "tokenvault.data.dir", defaultValue = "./data")
    String dataDir;

    @Inject
    @ConfigProperty(name = "tokenvault.public.url", defaultValue = "http://localhost:8080")
    String publicUrl;

    @Inject
    @ConfigProperty(name = "tokenvault.admin.key")
    Optional<String> adminKey;

    @Inject
    @ConfigProperty(name = "tokenvault.admin.password")
    Optional<String> adminPassword;

    /** Where the H2 database, the key-encryption key and the generated bootstrap credentials live. */
    public Path dataDir() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    /** The external base URL, used for redirect URIs and links, without a trailing slash. */
    public String publicUrl() {
        return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** The bootstrap platform-admin key given by the operator, if any. */
    public Optional<String> adminKey() {
        return adminKey.filter(k -> !k.isBlank());
    }

    /** The bootstrap web login's password ({@code TOKENVAULT_ADMIN_PASSWORD}) given by the operator, if any. */
    public Optional<String> adminPassword() {
        return adminPassword.filter(p -> !p.isBlank());
    }
}
