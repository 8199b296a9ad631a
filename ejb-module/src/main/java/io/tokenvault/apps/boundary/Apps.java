package io.tokenvault.apps.boundary;

import io.tokenvault.apps.control.AppsChanged;
import io.tokenvault.notices.boundary.Notices;
import io.tokenvault.notices.control.NoticeKind;
import io.tokenvault.apps.control.OidcDiscovery;
import io.tokenvault.catalog.Endpoints;
import io.tokenvault.catalog.ProviderCatalog;
import io.tokenvault.catalog.ProviderEntry;
import io.tokenvault.apps.entity.ClientCredential;
import io.tokenvault.apps.entity.CredentialState;
import io.tokenvault.apps.entity.OAuthApp;
import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.tokens.boundary.AccessTokens;
import io.tokenvault.crypto.control.AssociatedData;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Sealed;
import io.tokenvault.crypto.control.SecretValue;
import io.tokenvault.platform.boundary.ConflictException;
import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.platform.control.Settings;
import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/** Registering, updating and reading a tenant's OAuth apps. */
@Stateless
public class Apps {

    /** A provider an app can be registered for, as the catalog describes it. */
    public record Provider(String id, String displayName, List<String> templateVariables, boolean endpointsGiven,
            boolean discovery) {
    }

    /** The outcome of a PUT: whether the app was new, and how it looks now. */
    public record Saved(boolean created, AppView app) {
    }

    /** The providers tenants may register apps for: the catalog's entries, plus {@code oauth2} and {@code oidc}. */
    private static final Logger LOG = Logger.getLogger(Apps.class.getName());

    static final ProviderCatalog CATALOG = ProviderCatalog.standard();
    static final Set<String> AUTH_METHODS = Set.of("client_secret_basic", "client_secret_post", "none");
    /** Parameters the vault sets itself on every authorization request. */
    static final Set<String> RESERVED_PARAMS = Set.of("client_id", "redirect_uri", "state", "code_challenge",
            "code_challenge_method", "response_type", "scope", "nonce");

    @PersistenceContext
    EntityManager em;

    @Inject
    KeyRing keyRing;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    @Inject
    AccessTokens accessTokens;

    @Inject
    Event<AppsChanged> changed;

    @Inject
    Notices notices;

    /** Registers the app, or replaces its settings; a new client secret becomes ACTIVE, the old one RETIRING. */
    public Saved put(Caller caller, String tenantId, String appKey, AppRequest request) {
        caller.requireTenantAdmin(tenantId, "Worker keys cannot manage apps");
        AppRequest r = request == null
                ? new AppRequest(null, null, null, null, null, null, null, null, null, null, null, null) : request;
        Optional<OAuthApp> existing = find(appKey);
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        if (appKey == null || !Tenant.ID_PATTERN.matcher(appKey).matches()) {
            errors.add("app", "must be 2-64 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
        String provider = r.provider() == null ? null : r.provider().strip();
        Optional<ProviderEntry> entry = provider == null ? Optional.empty() : CATALOG.find(provider);
        if (provider == null || provider.isEmpty()) {
            errors.add("provider", "is required: a catalog provider (" + String.join(", ", new java.util.TreeSet<>(
                    CATALOG.ids())) + "), oauth2 (endpoints given) or oidc (endpoints discovered from issuer)");
        } else if (entry.isEmpty()) {
            errors.add("provider", "'" + provider + "' is not a known provider; known: " + String.join(", ",
                    new java.util.TreeSet<>(CATALOG.ids())));
        }
        if (r.clientId() == null || r.clientId().isBlank()) {
            errors.add("clientId", "is required");
        } else if (r.clientId().length() > 512 || r.clientId().chars().anyMatch(Character::isISOControl)) {
            errors.add("clientId", "must be at most 512 printable characters");
        }
        String authMethod = r.tokenEndpointAuthMethod() != null ? r.tokenEndpointAuthMethod()
                : entry.map(ProviderEntry::tokenEndpointAuthMethod).orElse("client_secret_basic");
        if (!AUTH_METHODS.contains(authMethod)) {
            errors.add("tokenEndpointAuthMethod", "must be one of client_secret_basic, client_secret_post, none");
        }
        boolean hasSecret = r.clientSecret() != null && !r.clientSecret().isEmpty();
        if (hasSecret && (r.clientSecret().isBlank() || r.clientSecret().length() > 1000)) {
            errors.add("clientSecret", "must be 1-1000 characters and not blank");
        }
        boolean hasStoredSecret = existing.flatMap(OAuthApp::activeCredential).isPresent();
        if (!hasSecret && !hasStoredSecret && !"none".equals(authMethod)) {
            errors.add("clientSecret", "is required for " + authMethod + " (it is never shown again)");
        }
        Set<String> scopes = scopes(r.scopes(), errors);
        Map<String, String> params = params(r.authorizationParams(), errors);
        Optional<URI> redirect = url("redirectUri", r.redirectUri(), false, errors);
        Optional<URI> issuer = Optional.empty();
        Optional<URI> authorization = url("authorizationEndpoint", r.authorizationEndpoint(), false, errors);
        Optional<URI> token = url("tokenEndpoint", r.tokenEndpoint(), "oauth2".equals(provider), errors);
        Optional<URI> revocation = url("revocationEndpoint", r.revocationEndpoint(), false, errors);
        if ("oidc".equals(provider)) {
            issuer = url("issuer", r.issuer(), true, errors);
        }
        Map<String, String> templateValues = r.templateValues() == null ? Map.of() : r.templateValues();
        if (entry.isPresent() && !entry.get().discovery() && !entry.get().endpointsGiven()) {
            // a catalog provider: its endpoints, unless the tenant overrides them (e.g. a sovereign cloud)
            try {
                Endpoints known = entry.get().endpoints(templateValues);
                authorization = authorization.or(known::authorization);
                token = token.or(known::token);
                revocation = revocation.or(known::revocation);
            } catch (IllegalArgumentException e) {
                errors.add("templateValues", e.getMessage());
            }
        }
        errors.throwIfAny();

        if (issuer.isPresent()) {
            try {
                OidcDiscovery.Endpoints discovered = OidcDiscovery.discover(issuer.get());
                authorization = authorization.or(() -> Optional.of(discovered.authorizationEndpoint()));
                token = token.or(() -> Optional.of(discovered.tokenEndpoint()));
                revocation = revocation.or(discovered::revocationEndpoint);
                if (discovered.supportsOfflineAccess()) {
                    scopes.add("offline_access");
                }
            } catch (OidcDiscovery.DiscoveryFailure e) {
                throw InvalidInputException.of("issuer", "OpenID discovery failed: " + e.getMessage());
            }
        }

        Instant now = clock.instant();
        String previousClientId = existing.map(OAuthApp::clientId).orElse(null);
        OAuthApp app = existing.orElseGet(() -> new OAuthApp(tenantId, appKey, now));
        app.configure(provider, r.clientId().strip(), scopes, issuer.map(URI::toString).orElse(null),
                authorization.map(URI::toString).orElse(null), token.orElseThrow().toString(),
                revocation.map(URI::toString).orElse(null),
                redirect.orElse(URI.create(settings.publicUrl() + "/oauth/callback")).toString(), authMethod, params,
                templateValues, now);
        if (existing.isEmpty()) {
            em.persist(app);
        }
        if (hasSecret && !sameAsActive(app, r.clientSecret())) {
            ClientCredential credential = app.addActiveCredential(now);
            try (SecretValue secret = SecretValue.of(r.clientSecret())) {
                Sealed sealed = keyRing.seal(tenantId, AssociatedData.CLIENT_SECRET, credential.id(), secret.reveal());
                credential.storeSecret(KeyRing.encode(sealed.ciphertext()), sealed.keyId(), secret.fingerprint());
            }
        }
        em.flush();
        if (previousClientId != null && !previousClientId.equals(app.clientId())) {
            needReauthorizationForNewClient(tenantId, app, now);
        }
        changed.fire(new AppsChanged(tenantId, appKey));
        return new Saved(existing.isEmpty(), AppView.of(app));
    }

    /**
     * A grant belongs to the client that obtained it: under a new client ID no refresh token of the app works any
     * more (the provider answers invalid_grant). Every active connection of the app becomes NEEDS_REAUTH at once, in
     * one statement, with one reason, rather than each one failing at its next refresh.
     */
    private void needReauthorizationForNewClient(String tenantId, OAuthApp app, Instant now) {
        int marked = em.createQuery("update Connection c set c.status = :reauth, c.statusReason = 'client_id_changed',"
                        + " c.statusDetail = :detail, c.statusChangedAt = :now, c.version = c.version + 1"
                        + " where c.appId = :app and c.status = :active")
                .setParameter("reauth", ConnectionStatus.NEEDS_REAUTH)
                .setParameter("detail", "The app's client ID changed; grants of the previous client cannot be used")
                .setParameter("now", now)
                .setParameter("app", app.id())
                .setParameter("active", ConnectionStatus.ACTIVE)
                .executeUpdate();
        accessTokens.forgetTenant(tenantId);
        LOG.info(() -> "Tenant " + tenantId + ": client ID of app " + app.appKey() + " changed; " + marked
                + " connections need re-authorization");
        if (marked > 0) {
            notices.post(tenantId, NoticeKind.CLIENT_ID_CHANGED, app.id(), "The client ID of app '" + app.appKey()
                    + "' changed: " + marked + (marked == 1 ? " connection needs" : " connections need")
                    + " re-authorization", "Grants belong to the OAuth client that obtained them, so the provider"
                    + " refuses the previous client's refresh tokens. Each connection is marked NEEDS_REAUTH with"
                    + " reason client_id_changed; send its users their re-authorization links. If the change was a"
                    + " mistake, put the previous client ID back and reconnect.", marked,
                    "tenants/" + tenantId + "/connections?app=" + app.appKey() + "&status=NEEDS_REAUTH");
        }
    }

    /** A staged secret and what a rollover needs to know about the app it belongs to. */
    public record StagedSecret(String appId, String credentialId, String activeCredentialId) {
    }

    /**
     * Stages a new client secret for a rollover (see {@code SecretRollovers}): stored sealed as STAGED, used by
     * nothing until the provider has accepted it.
     */
    public StagedSecret stageSecret(Caller caller, String tenantId, String appKey, String clientSecret) {
        caller.requireTenantAdmin(tenantId, "Worker keys cannot manage apps");
        OAuthApp app = find(appKey).orElseThrow(() -> NoSuchResourceException.of("App", appKey));
        if (clientSecret == null || clientSecret.isBlank()) {
            throw InvalidInputException.of("clientSecret", "is required");
        }
        if (clientSecret.length() > 1000) {
            throw InvalidInputException.of("clientSecret", "must be at most 1000 characters");
        }
        if (sameAsActive(app, clientSecret)) {
            throw InvalidInputException.of("clientSecret", "is the app's active secret already");
        }
        boolean rolling = app.credentials().stream().anyMatch(c -> c.state() == CredentialState.STAGED);
        if (rolling) {
            throw new ConflictException("A secret rollover of app " + appKey + " is already under way");
        }
        Instant now = clock.instant();
        ClientCredential staged = app.addStagedCredential(now);
        try (SecretValue secret = SecretValue.of(clientSecret)) {
            Sealed sealed = keyRing.seal(tenantId, AssociatedData.CLIENT_SECRET, staged.id(), secret.reveal());
            staged.storeSecret(KeyRing.encode(sealed.ciphertext()), sealed.keyId(), secret.fingerprint());
        }
        em.flush();
        return new StagedSecret(app.id(), staged.id(), app.activeCredential().map(ClientCredential::id).orElse(null));
    }

    /** The provider accepted the staged secret: it becomes ACTIVE, the previous one RETIRING until retireAfter. */
    public void promote(String appId, String credentialId, Instant retireAfter) {
        OAuthApp app = em.find(OAuthApp.class, appId);
        app.promote(credentialId, retireAfter, clock.instant());
        em.flush();
        changed.fire(new AppsChanged(app.tenantId(), app.appKey()));
        notices.post(app.tenantId(), NoticeKind.SECRET_ROLLOVER, app.id(), "The new client secret of app '"
                + app.appKey() + "' was accepted by the provider and is now ACTIVE", "The previous secret stays"
                + " usable (RETIRING) until " + retireAfter + ", then it is RETIRED; connections last refreshed with"
                + " it are refreshed with the new one meanwhile. Revoke the previous secret at the provider after"
                + " that.", 0, null);
    }

    /** The provider refused the staged secret: it is FAILED with the provider's answer; nothing else changes. */
    public void failStaged(String appId, String credentialId, String providerAnswer) {
        OAuthApp app = em.find(OAuthApp.class, appId);
        boolean failed = app.credential(credentialId).filter(c -> c.state() == CredentialState.STAGED)
                .map(c -> {
                    c.fail(providerAnswer, clock.instant());
                    return true;
                }).orElse(false);
        em.flush();
        if (failed) {
            notices.post(app.tenantId(), NoticeKind.SECRET_ROLLOVER, app.id(), "The provider refused the new client"
                    + " secret of app '" + app.appKey() + "'; the active secret is unchanged", "The provider"
                    + " answered: " + providerAnswer + ". Nothing broke: every connection still refreshes with the"
                    + " active secret. Check the secret you staged (copied whole? for this client ID?) and stage"
                    + " it again.", 0, null);
        }
    }

    /** Retires a RETIRING secret whose grace window has ended; returns whether it did. */
    public boolean retireIfDue(String appId, String credentialId) {
        OAuthApp app = em.find(OAuthApp.class, appId);
        Instant now = clock.instant();
        Optional<ClientCredential> due = app.credential(credentialId).filter(c -> c.state() == CredentialState.RETIRING
                && (c.retireAfterInstant() == null || !c.retireAfterInstant().isAfter(now)));
        due.ifPresent(c -> c.moveTo(CredentialState.RETIRED, now));
        if (due.isPresent()) {
            em.flush();
            changed.fire(new AppsChanged(app.tenantId(), app.appKey()));
        }
        return due.isPresent();
    }

    /** The providers apps can be registered for: the catalog's, with {@code oauth2} and {@code oidc} last. */
    public List<Provider> providers() {
        return CATALOG.all().stream()
                .sorted(java.util.Comparator.comparing((ProviderEntry p) -> p.endpointsGiven() || p.discovery())
                        .thenComparing(ProviderEntry::id))
                .map(p -> new Provider(p.id(), p.displayName(), p.templateVariables(), p.endpointsGiven(),
                        p.discovery()))
                .toList();
    }

    public AppView get(Caller caller, String tenantId, String appKey) {
        caller.requireTenantAdmin(tenantId, "Worker keys cannot manage apps");
        return find(appKey).map(AppView::of).orElseThrow(() -> NoSuchResourceException.of("App", appKey));
    }

    public List<AppView> list(Caller caller, String tenantId) {
        caller.requireTenantAdmin(tenantId, "Worker keys cannot manage apps");
        return em.createQuery("select a from OAuthApp a order by a.appKey", OAuthApp.class).getResultStream()
                .map(AppView::of).toList();
    }

    private Optional<OAuthApp> find(String appKey) {
        return em.createQuery("select a from OAuthApp a where a.appKey = :key", OAuthApp.class)
                .setParameter("key", appKey).getResultStream().findFirst();
    }

    private boolean sameAsActive(OAuthApp app, String secret) {
        return app.activeCredential().map(c -> {
            try (SecretValue candidate = SecretValue.of(secret)) {
                return candidate.fingerprint().equals(c.fingerprint());
            }
        }).orElse(false);
    }

    private static Set<String> scopes(List<String> requested, InvalidInputException.Collector errors) {
        Set<String> scopes = new LinkedHashSet<>();
        if (requested == null) {
            return scopes;
        }
        if (requested.size() > 100) {
            errors.add("scopes", "at most 100 scopes");
        }
        for (int i = 0; i < requested.size(); i++) {
            String scope = requested.get(i);
            if (scope == null || scope.isBlank() || scope.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\')
                    || scope.length() > 500) {
                errors.add("scopes[" + i + "]", "must be a non-empty scope token without spaces or quotes");
            } else {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    private static Map<String, String> params(Map<String, String> given, InvalidInputException.Collector errors) {
        Map<String, String> params = new LinkedHashMap<>();
        if (given == null) {
            return params;
        }
        given.forEach((k, v) -> {
            if (k == null || !k.matches("[A-Za-z_][A-Za-z0-9_.-]{0,63}") || v == null || v.length() > 1000) {
                errors.add("authorizationParams", "names must be 1-64 of letters, digits, '_', '.' and '-' starting with"
                        + " a letter or '_'; values at most 1000 characters");
            } else if (RESERVED_PARAMS.contains(k)) {
                errors.add("authorizationParams." + k, "is set by Tokenvault itself and cannot be configured");
            } else {
                params.put(k, v);
            }
        });
        return params;
    }

    /** An absolute https URL (plain http only for loopback hosts, i.e. local development and tests). */
    static Optional<URI> url(String field, String value, boolean required, InvalidInputException.Collector errors) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(field, "is required");
            }
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.strip());
            String host = uri.getHost();
            boolean loopback = host != null && (host.equals("localhost") || host.equals("127.0.0.1")
                    || host.equals("[::1]") || host.equals("::1"));
            if (!uri.isAbsolute() || host == null) {
                errors.add(field, "must be an absolute URL");
            } else if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
                errors.add(field, "must use https (plain http is allowed only for localhost)");
            } else if (uri.getUserInfo() != null || uri.getFragment() != null) {
                errors.add(field, "must not contain user info or a fragment");
            } else {
                return Optional.of(uri);
            }
        } catch (java.net.URISyntaxException e) {
            errors.add(field, "is not a valid URL");
        }
        return Optional.empty();
    }
}
