package io.tokenvault.apps.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.TenantId;

/** One client secret of an app, encrypted; the secret itself is only ever decrypted to call the provider. */
@Entity
@Table(name = "client_credential")
public class ClientCredential {

    @Id
    private String id;

    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false)
    private String tenantId;

    @ManyToOne(optional = false)
    @JoinColumn(name = "app_id")
    private OAuthApp app;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private CredentialState state;

    @Column(name = "secret_ciphertext")
    private String secretCiphertext;

    @Column(name = "secret_key_id")
    private Long secretKeyId;

    private String fingerprint;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "state_changed_at", nullable = false)
    private Instant stateChangedAt;

    @Column(name = "retire_after")
    private Instant retireAfter;

    @Column(name = "failure")
    private String failure;

    @Version
    private long version;

    protected ClientCredential() {
    }

    ClientCredential(String id, OAuthApp app, CredentialState state, Instant now) {
        this.id = Objects.requireNonNull(id);
        this.app = Objects.requireNonNull(app);
        this.tenantId = app.tenantId();
        this.state = Objects.requireNonNull(state);
        this.createdAt = now;
        this.stateChangedAt = now;
    }

    /** Stores the sealed secret (base64 ciphertext and the id of the key that sealed it) and its fingerprint. */
    public void storeSecret(String ciphertext, long keyId, String fingerprint) {
        this.secretCiphertext = ciphertext;
        this.secretKeyId = keyId;
        this.fingerprint = fingerprint;
    }

    /** A RETIRING secret is still tried (on a client-authentication failure) until this moment. */
    public void retireAfter(Instant when) {
        this.retireAfter = when;
    }

    /** A staged secret the provider refused: why (the provider's answer, never the secret). */
    public void fail(String providerAnswer, Instant now) {
        this.failure = providerAnswer == null ? null
                : providerAnswer.substring(0, Math.min(1000, providerAnswer.length()));
        moveTo(CredentialState.FAILED, now);
    }

    public Instant retireAfterInstant() {
        return retireAfter;
    }

    public String failure() {
        return failure;
    }

    public void moveTo(CredentialState next, Instant now) {
        this.state = next;
        this.stateChangedAt = now;
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public OAuthApp app() {
        return app;
    }

    public CredentialState state() {
        return state;
    }

    public String secretCiphertext() {
        return secretCiphertext;
    }

    public Long secretKeyId() {
        return secretKeyId;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant stateChangedAt() {
        return stateChangedAt;
    }
}
