package io.tokenvault.connections.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.Objects;
import org.hibernate.annotations.TenantId;

/**
 * A connection's sealed token set: the refresh token and the access token, each as ciphertext with the id of the key
 * that sealed it. It lives apart from {@link Connection}, in a narrow row of its own, because a key rotation rewrites
 * every one of these rows and nothing else (bench/README.md, finding K10).
 *
 * <p>The row is versioned on its own. Every write of the token set bumps the version: the refresh engine's and the
 * connect flow's (plain SQL, {@code version = version + 1}), an import's (through JPA's optimistic locking here), and
 * the rotation's, which is guarded by the version it read, so a stale rotated write is rejected instead of putting an
 * older token back. The hashes, expiry and lease of the token set stay on the connection row.
 */
@Entity
@Table(name = "connection_token")
public class ConnectionToken {

    @Id
    @Column(name = "connection_id")
    private String connectionId;

    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false)
    private String tenantId;

    @Column(name = "refresh_token_ct")
    private String refreshTokenCiphertext;

    @Column(name = "refresh_token_key_id")
    private Long refreshTokenKeyId;

    @Column(name = "access_token_ct")
    private String accessTokenCiphertext;

    @Column(name = "access_token_key_id")
    private Long accessTokenKeyId;

    @Version
    private long version;

    protected ConnectionToken() {
    }

    public ConnectionToken(String connectionId, String tenantId) {
        this.connectionId = Objects.requireNonNull(connectionId);
        this.tenantId = Objects.requireNonNull(tenantId);
    }

    /** Stores a sealed refresh token (required) and, if known, a sealed access token. */
    public void store(String refreshCiphertext, long refreshKeyId, String accessCiphertext, Long accessKeyId) {
        this.refreshTokenCiphertext = Objects.requireNonNull(refreshCiphertext);
        this.refreshTokenKeyId = refreshKeyId;
        this.accessTokenCiphertext = accessCiphertext;
        this.accessTokenKeyId = accessCiphertext == null ? null : accessKeyId;
    }

    public String connectionId() {
        return connectionId;
    }

    public long version() {
        return version;
    }
}
