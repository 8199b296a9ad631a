package io.tokenvault.apps.entity;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.annotations.TenantId;

/** A tenant's OAuth app at one provider: its client ID, endpoints, scopes and client secrets. */
@Entity
@Table(name = "oauth_app")
public class OAuthApp {

    @Id
    private String id;

    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false)
    private String tenantId;

    @Column(name = "app_key", nullable = false, updatable = false)
    private String appKey;

    @Column(nullable = false)
    private String provider;

    @Column(name = "client_id", nullable = false)
    private String clientId;

    @Column(nullable = false)
    private String scopes;

    private String issuer;

    @Column(name = "authorization_endpoint")
    private String authorizationEndpoint;

    @Column(name = "token_endpoint", nullable = false)
    private String tokenEndpoint;

    @Column(name = "revocation_endpoint")
    private String revocationEndpoint;

    @Column(name = "redirect_uri")
    private String redirectUri;

    @Column(name = "token_endpoint_auth_method", nullable = false)
    private String tokenEndpointAuthMethod;

    @Column(name = "authorization_params")
    private String authorizationParams;

    @Column(name = "template_values")
    private String templateValues;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    @OneToMany(mappedBy = "app", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @OrderBy("createdAt")
    private List<ClientCredential> credentials = new ArrayList<>();

    protected OAuthApp() {
    }

    public OAuthApp(String tenantId, String appKey, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.tenantId = Objects.requireNonNull(tenantId);
        this.appKey = Objects.requireNonNull(appKey);
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Replaces the app's settings (the endpoints already resolved for its provider kind). */
    public void configure(String provider, String clientId, Set<String> scopes, String issuer,
            String authorizationEndpoint, String tokenEndpoint, String revocationEndpoint, String redirectUri,
            String tokenEndpointAuthMethod, Map<String, String> authorizationParams, Map<String, String> templateValues,
            Instant now) {
        this.provider = provider;
        this.clientId = clientId;
        this.scopes = String.join(" ", scopes);
        this.issuer = issuer;
        this.authorizationEndpoint = authorizationEndpoint;
        this.tokenEndpoint = tokenEndpoint;
        this.revocationEndpoint = revocationEndpoint;
        this.redirectUri = redirectUri;
        this.tokenEndpointAuthMethod = tokenEndpointAuthMethod;
        this.authorizationParams = encodeParams(authorizationParams);
        this.templateValues = encodeParams(templateValues);
        this.updatedAt = now;
    }

    /**
     * Adds a new secret as the ACTIVE one; the previously active secret becomes RETIRING, so grants keep refreshing
     * with it if the provider still wants the old one (an {@code invalid_client} falls back to it).
     */
    public ClientCredential addActiveCredential(Instant now) {
        credentials.stream().filter(c -> c.state() == CredentialState.ACTIVE)
                .forEach(c -> c.moveTo(CredentialState.RETIRING, now));
        credentials.stream().filter(c -> c.state() == CredentialState.RETIRING && c.stateChangedAt().isBefore(now))
                .forEach(c -> c.moveTo(CredentialState.RETIRED, now));
        ClientCredential credential = new ClientCredential(UUID.randomUUID().toString(), this, CredentialState.ACTIVE,
                now);
        credentials.add(credential);
        updatedAt = now;
        return credential;
    }

    /** A new secret, not used until a rollover has verified it with the provider and promoted it. */
    public ClientCredential addStagedCredential(Instant now) {
        ClientCredential credential = new ClientCredential(UUID.randomUUID().toString(), this, CredentialState.STAGED,
                now);
        credentials.add(credential);
        updatedAt = now;
        return credential;
    }

    /**
     * Promotes a verified staged secret: it becomes ACTIVE, the previous ACTIVE one RETIRING (still tried on a
     * client-authentication failure until {@code retireAfter}), an older RETIRING one RETIRED.
     */
    public void promote(String credentialId, Instant retireAfter, Instant now) {
        ClientCredential staged = credentials.stream().filter(c -> c.id().equals(credentialId)
                && c.state() == CredentialState.STAGED).findFirst()
                .orElseThrow(() -> new IllegalStateException("No staged secret " + credentialId));
        credentials.stream().filter(c -> c.state() == CredentialState.RETIRING)
                .forEach(c -> c.moveTo(CredentialState.RETIRED, now));
        credentials.stream().filter(c -> c.state() == CredentialState.ACTIVE).forEach(c -> {
            c.moveTo(CredentialState.RETIRING, now);
            c.retireAfter(retireAfter);
        });
        staged.moveTo(CredentialState.ACTIVE, now);
        updatedAt = now;
    }

    public Optional<ClientCredential> credential(String credentialId) {
        return credentials.stream().filter(c -> c.id().equals(credentialId)).findFirst();
    }

    public Optional<ClientCredential> activeCredential() {
        return credentials.stream().filter(c -> c.state() == CredentialState.ACTIVE).findFirst();
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public String appKey() {
        return appKey;
    }

    public String provider() {
        return provider;
    }

    public String clientId() {
        return clientId;
    }

    public Set<String> scopes() {
        return scopes == null || scopes.isBlank() ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(scopes.split(" ")));
    }

    public String issuer() {
        return issuer;
    }

    public String authorizationEndpoint() {
        return authorizationEndpoint;
    }

    public String tokenEndpoint() {
        return tokenEndpoint;
    }

    public String revocationEndpoint() {
        return revocationEndpoint;
    }

    public String redirectUri() {
        return redirectUri;
    }

    public String tokenEndpointAuthMethod() {
        return tokenEndpointAuthMethod;
    }

    public Map<String, String> authorizationParams() {
        return decodeParams(authorizationParams);
    }

    public Map<String, String> templateValues() {
        return decodeParams(templateValues);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long version() {
        return version;
    }

    public List<ClientCredential> credentials() {
        return List.copyOf(credentials);
    }

    static String encodeParams(Map<String, String> params) {
        if (params == null || params.isEmpty()) {
            return null;
        }
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> decodeParams(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isBlank()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
