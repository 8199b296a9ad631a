package io.tokenvault.connections.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hibernate.annotations.TenantId;

/**
 * One end user's grant to one app: its status, scopes, the hashes and expiry of its token set and the refresh lease.
 * The sealed tokens themselves are a {@link ConnectionToken}. The row is versioned: every refresh (by the refresh
 * engine, with version-guarded SQL on the same column, which is also how it claims its lease) and every change here
 * (through JPA's optimistic locking) bumps the version, so a writer that read an older version is rejected instead of
 * overwriting a newer grant.
 */
@Entity
@Table(name = "connection")
public class Connection {

    /** Scopes providers grant implicitly or never echo back: never reported missing. */
    public static final Set<String> IMPLICIT_SCOPES = Set.of("offline_access", "openid");

    @Id
    private String id;

    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false)
    private String tenantId;

    @Column(name = "app_id", nullable = false, updatable = false)
    private String appId;

    @Column(name = "external_user_id", nullable = false, updatable = false)
    private String externalUserId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ConnectionStatus status;

    @Column(name = "status_reason")
    private String statusReason;

    @Column(name = "status_detail")
    private String statusDetail;

    @Column(name = "status_changed_at", nullable = false)
    private Instant statusChangedAt;

    private String scopes;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "grant_issued_at")
    private Instant grantIssuedAt;

    @Column(name = "grant_credential_id")
    private String grantCredentialId;

    @Column(name = "refresh_token_hash")
    private String refreshTokenHash;

    @Column(name = "access_token_hash")
    private String accessTokenHash;

    @Column(name = "token_type")
    private String tokenType;

    @Column(name = "access_token_expires_at")
    private Instant accessTokenExpiresAt;

    @Column(name = "last_refreshed_at")
    private Instant lastRefreshedAt;

    /** The grant's known hard expiry (see {@code io.tokenvault.oauth.control.GrantExpiry}); written by the engine. */
    @Column(name = "grant_expires_at")
    private Instant grantExpiresAt;

    @Version
    private long version;

    protected Connection() {
    }

    public Connection(String id, String tenantId, String appId, String externalUserId, ConnectionStatus status,
            Instant now) {
        this.id = Objects.requireNonNull(id);
        this.tenantId = Objects.requireNonNull(tenantId);
        this.appId = Objects.requireNonNull(appId);
        this.externalUserId = Objects.requireNonNull(externalUserId);
        this.status = Objects.requireNonNull(status);
        this.statusChangedAt = now;
        this.createdAt = now;
    }

    /**
     * Records a grant brought in from elsewhere or just issued, whose tokens are stored sealed in its
     * {@link ConnectionToken}: the hash of the refresh token (required) and, if there is an access token, its hash and
     * expiry. The connection becomes ACTIVE.
     */
    public void storeGrant(String refreshHash, String accessHash, String tokenType, Instant accessExpiresAt,
            Set<String> grantedScopes, String credentialId, Instant issuedAt) {
        this.refreshTokenHash = Objects.requireNonNull(refreshHash);
        this.accessTokenHash = accessHash;
        this.tokenType = tokenType;
        this.accessTokenExpiresAt = accessExpiresAt;
        this.scopes = grantedScopes == null || grantedScopes.isEmpty() ? null : String.join(" ", grantedScopes);
        this.grantCredentialId = credentialId;
        this.grantIssuedAt = issuedAt;
        this.grantExpiresAt = null; // unknown until the provider's first answer for this grant
        this.lastRefreshedAt = accessHash == null ? null : issuedAt;
        changeStatus(ConnectionStatus.ACTIVE, null, null, issuedAt);
    }

    /** The required scopes (an app's) that a grant of {@code granted} lacks, in the app's order. */
    public static java.util.List<String> missingScopes(java.util.Collection<String> required, Set<String> granted) {
        return required.stream().filter(s -> !granted.contains(s) && !IMPLICIT_SCOPES.contains(s)).toList();
    }

    public void changeStatus(ConnectionStatus next, String reason, String detail, Instant now) {
        if (next != status || !Objects.equals(reason, statusReason)) {
            statusChangedAt = now;
        }
        status = next;
        statusReason = reason;
        statusDetail = detail;
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public String appId() {
        return appId;
    }

    public String externalUserId() {
        return externalUserId;
    }

    public ConnectionStatus status() {
        return status;
    }

    public Optional<String> statusReason() {
        return Optional.ofNullable(statusReason);
    }

    public Optional<String> statusDetail() {
        return Optional.ofNullable(statusDetail);
    }

    public Instant statusChangedAt() {
        return statusChangedAt;
    }

    public Set<String> scopes() {
        return scopes == null || scopes.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(scopes.split(" ")));
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> accessTokenExpiresAt() {
        return Optional.ofNullable(accessTokenExpiresAt);
    }

    public Optional<Instant> lastRefreshedAt() {
        return Optional.ofNullable(lastRefreshedAt);
    }

    /** When the grant will stop working however it is used, when known (a provider's or the catalog's limit). */
    public Optional<Instant> grantExpiresAt() {
        return Optional.ofNullable(grantExpiresAt);
    }

    public Optional<Instant> grantIssuedAt() {
        return Optional.ofNullable(grantIssuedAt);
    }

    public long version() {
        return version;
    }
}
