package io.tokenvault.apikeys.entity;

import io.tokenvault.tenancy.boundary.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.hibernate.annotations.TenantId;

/** A stored API key: never the key itself, only its hash and a short prefix to recognise it by. */
@Entity
@Table(name = "api_key")
public class ApiKey {

    /** The pseudo-tenant of platform-admin keys. */
    public static final String PLATFORM = "_platform";

    @Id
    private String id;

    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false)
    private String tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    private String label;

    @Column(name = "key_hash", nullable = false, updatable = false)
    private String keyHash;

    @Column(name = "key_prefix", nullable = false, updatable = false)
    private String keyPrefix;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by")
    private String createdBy;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Version
    private long version;

    protected ApiKey() {
    }

    public ApiKey(String id, String tenantId, Role role, String label, String keyHash, String keyPrefix,
            Instant createdAt, String createdBy) {
        this.id = Objects.requireNonNull(id);
        this.tenantId = Objects.requireNonNull(tenantId);
        this.role = Objects.requireNonNull(role);
        if ((role == Role.PLATFORM_ADMIN) != PLATFORM.equals(tenantId)) {
            throw new IllegalArgumentException("platform-admin keys, and only they, belong to " + PLATFORM);
        }
        this.label = label;
        this.keyHash = Objects.requireNonNull(keyHash);
        this.keyPrefix = Objects.requireNonNull(keyPrefix);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.createdBy = createdBy;
    }

    public void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }

    public boolean isActive() {
        return revokedAt == null;
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public Role role() {
        return role;
    }

    public String label() {
        return label;
    }

    public String keyHash() {
        return keyHash;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }

    public Optional<Instant> revokedAt() {
        return Optional.ofNullable(revokedAt);
    }
}
