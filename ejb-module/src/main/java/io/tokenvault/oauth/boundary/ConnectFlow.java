package io.tokenvault.oauth.boundary;

import io.tokenvault.apps.control.AppRegistration;
import io.tokenvault.apps.control.AppRegistry;
import io.tokenvault.catalog.ProviderCatalog;
import io.tokenvault.catalog.ProviderEntry;
import io.tokenvault.connections.entity.Connection;
import io.tokenvault.crypto.control.AssociatedData;
import io.tokenvault.crypto.control.Hashes;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Sealed;
import io.tokenvault.crypto.control.SecretValue;
import io.tokenvault.oauth.control.ClientCredentials;
import io.tokenvault.events.ConnectionStatusChanged;
import io.tokenvault.oauth.control.ConnectStore;
import io.tokenvault.oauth.control.GrantExpiry;
import io.tokenvault.oauth.control.Pkce;
import io.tokenvault.oauth.control.ReauthorizationLinks;
import io.tokenvault.oauth.control.TokenEndpointClient;
import io.tokenvault.oauth.control.TokenResponseOutcome;
import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.platform.control.Settings;
import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tokens.boundary.AccessTokens;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The OAuth connect flow: an authorization URL with a random single-use {@code state} that expires, PKCE S256 and the
 * provider's offline-access parameters; the callback that exchanges the code and gives the connection its grant
 * atomically; re-authorization of an existing connection (asking for the union of the app's and the granted scopes);
 * and signed re-authorization links for end users. Not transactional: providers are called between the writes.
 */
@ApplicationScoped
public class ConnectFlow {

    static final Duration STATE_LIFETIME = Duration.ofMinutes(15);

    private static final Logger LOG = Logger.getLogger(ConnectFlow.class.getName());

    /** A started consent: the connection, and where to send the end user. */
    public record Started(String id, String status, String authorizationUrl, Instant expiresAt,
            List<String> warnings) {
    }

    /** How a callback ended. */
    public sealed interface Outcome permits Connected, Refused {
    }

    /**
     * The provider answered with tokens: the connection has its new grant ({@code status} ACTIVE), or is NEEDS_REAUTH
     * because no refresh token came ({@code reason} {@code no_refresh_token}).
     */
    public record Connected(String tenantId, String connectionId, String status, String reason, String detail,
            List<String> missingScopes, Optional<String> redirect) implements Outcome {
    }

    /** Nothing was stored; the page tells the end user why and what to do. */
    public record Refused(String title, String message, Optional<String> returnUrl) implements Outcome {
    }

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    jakarta.enterprise.event.Event<ConnectionStatusChanged> statusChanged;

    @Inject
    KeyRing keyRing;

    @Inject
    AppRegistry registry;

    @Inject
    AccessTokens accessTokens;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    @Inject
    ReauthorizationLinks links;

    private ConnectStore store;
    private TokenEndpointClient client;
    private ProviderCatalog catalog;

    @PostConstruct
    void init() {
        store = new ConnectStore(dataSource);
        client = new TokenEndpointClient(clock, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(30));
        catalog = ProviderCatalog.standard();
    }

    /**
     * Starts a consent for an end user of an app: the connection is created PENDING (or, if the user already has one
     * for this app, that connection gets a new grant when they finish).
     */
    public Started start(Caller caller, String tenantId, String appKey, String externalUserId, String returnUrl) {
        if (!caller.mayAccessTenant(tenantId)) {
            throw NoSuchResourceException.of("Tenant", tenantId);
        }
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        Optional<AppRegistration> app = Optional.empty();
        if (appKey == null || appKey.isBlank()) {
            errors.add("app", "is required");
        } else {
            app = registry.find(tenantId, appKey);
            if (app.isEmpty()) {
                errors.add("app", "no app '" + appKey + "' is registered for this tenant");
            } else if (app.get().authorizationEndpoint().isEmpty()) {
                errors.add("app", "app '" + appKey + "' has no authorization endpoint to send users to");
            }
        }
        if (externalUserId == null || externalUserId.isBlank()) {
            errors.add("externalUserId", "is required");
        } else if (externalUserId.length() > 256 || externalUserId.chars().anyMatch(Character::isISOControl)) {
            errors.add("externalUserId", "must be at most 256 printable characters");
        }
        if (returnUrl != null && !returnUrl.isBlank() && !isAllowedReturnUrl(tenantId, returnUrl)) {
            errors.add("returnUrl", "is not one of the tenant's allowed return URLs (set them in the tenant"
                    + " configuration: allowedReturnUrls)");
        }
        errors.throwIfAny();
        AppRegistration registration = app.orElseThrow();
        Optional<ConnectStore.ConnectionRef> existing = store.findConnection(tenantId, registration.id(),
                externalUserId);
        String connectionId = existing.map(ConnectStore.ConnectionRef::id).orElseGet(() -> {
            String id = UUID.randomUUID().toString();
            store.insertPendingConnection(tenantId, id, registration.id(), externalUserId, clock.instant());
            return id;
        });
        Set<String> granted = existing.map(r -> scopes(r.scopes())).orElse(Set.of());
        String status = existing.map(r -> r.status().name()).orElse("PENDING");
        return begin(registration, connectionId, externalUserId, granted, status,
                returnUrl == null || returnUrl.isBlank() ? null : returnUrl);
    }

    /** Starts a new consent for an existing connection (the end user opened a re-authorization link). */
    public Started reauthorize(String tenantId, String connectionId) {
        ConnectStore.ConnectionRef connection = store.connection(tenantId, connectionId)
                .orElseThrow(() -> NoSuchResourceException.of("Connection", connectionId));
        AppRegistration app = registry.byId(connection.appId())
                .orElseThrow(() -> NoSuchResourceException.of("App of connection", connectionId));
        return begin(app, connection.id(), connection.externalUserId(), scopes(connection.scopes()),
                connection.status().name(), null);
    }

    /** The signed re-authorization link of a connection. */
    public String reauthorizationUrl(String tenantId, String connectionId) {
        return links.linkFor(tenantId, connectionId);
    }

    /** Whether a re-authorization link is genuine and still valid. */
    public boolean isGenuineLink(String tenantId, String connectionId, long expires, String signature) {
        return links.verify(tenantId, connectionId, expires, signature);
    }

    private Started begin(AppRegistration app, String connectionId, String externalUserId, Set<String> granted,
            String status, String returnUrl) {
        Instant now = clock.instant();
        String state = Pkce.random(32);
        String stateHash = Hashes.sha256Hex(state);
        String verifier = Pkce.newVerifier();
        Sealed sealedVerifier = keyRing.seal(app.tenantId(), AssociatedData.PKCE_VERIFIER, stateHash, verifier);
        ProviderEntry entry = entryOf(app);
        Set<String> scopes = new LinkedHashSet<>(app.scopes());
        scopes.addAll(granted);
        URI url = entry.authorizationUri(app.authorizationEndpoint().orElseThrow(),
                new io.tokenvault.catalog.AuthorizationRequest(app.clientId(), app.redirectUri(), scopes, state,
                        entry.pkce() ? Pkce.challenge(verifier) : null, app.authorizationParams(),
                        !granted.isEmpty()));
        Instant expiresAt = now.plus(STATE_LIFETIME);
        store.insertSession(stateHash, app.tenantId(), connectionId, app.id(), KeyRing.encode(sealedVerifier.ciphertext()),
                sealedVerifier.keyId(), String.join(" ", scopes), returnUrl, now, expiresAt);
        List<String> warnings = new ArrayList<>();
        entry.grantLimitPerUser().ifPresent(limit -> {
            int consents = store.consents(app.tenantId(), app.id(), externalUserId);
            if (consents >= limit) {
                warnings.add("This user has consented " + consents + " times to this app; " + entry.displayName()
                        + " keeps at most " + limit + " grants per user and app, so this consent will evict the"
                        + " oldest grant it still holds for them");
            }
        });
        return new Started(connectionId, status, url.toString(), expiresAt, warnings);
    }

    /** Completes a consent from the provider's redirect (the callback's query parameters). */
    public Outcome complete(String state, String code, String error, String errorDescription) {
        if (state == null || state.isBlank() || state.length() > 200) {
            return new Refused("This sign-in link is not valid", "The provider's answer carries no valid state."
                    + " Start connecting again from the application.", Optional.empty());
        }
        Instant now = clock.instant();
        String stateHash = Hashes.sha256Hex(state);
        ConnectStore.Claim claim = store.claimSession(stateHash, now);
        if (claim.session().isEmpty()) {
            return switch (claim.refusal().orElseThrow()) {
                case USED -> new Refused("This sign-in was already completed",
                        "Each sign-in link works once. If the connection is not working, start again from the"
                                + " application.", Optional.empty());
                case EXPIRED -> new Refused("This sign-in took too long",
                        "Sign-in links are valid for " + STATE_LIFETIME.toMinutes() + " minutes. Start again from"
                                + " the application.", Optional.empty());
                case UNKNOWN -> new Refused("This sign-in link is not valid",
                        "It was not issued by Tokenvault or it was altered. Start again from the application.",
                        Optional.empty());
            };
        }
        ConnectStore.Session session = claim.session().get();
        Optional<String> back = Optional.ofNullable(session.returnUrl());
        if (error != null && !error.isBlank()) {
            LOG.info(() -> "Consent for connection " + session.connectionId() + " ended with " + safe(error));
            return "access_denied".equals(error)
                    ? new Refused("Access was not granted", "You declined to give access, so nothing was connected."
                            + " You can try again from the application at any time.", back)
                    : new Refused("The provider did not complete the sign-in", "It answered: " + safe(error)
                            + (errorDescription == null ? "" : " (" + safe(errorDescription) + ")"), back);
        }
        if (code == null || code.isBlank() || code.length() > 4000) {
            return new Refused("The provider's answer is incomplete", "No authorization code came back. Start again.",
                    back);
        }
        Optional<AppRegistration> found = registry.byId(session.appId());
        if (found.isEmpty()) {
            return new Refused("This app is no longer set up", "Ask the application's administrator.", back);
        }
        AppRegistration app = found.get();
        TokenResponseOutcome outcome;
        try (SecretValue verifier = keyRing.open(session.tenantId(), AssociatedData.PKCE_VERIFIER, stateHash,
                new Sealed((int) session.verifierKeyId(), KeyRing.decode(session.verifierCiphertext())));
                ClientCredentials credentials = credentials(app)) {
            outcome = client.exchangeCode(credentials, app.tokenEndpoint(), code, app.redirectUri(),
                    verifier.reveal());
        }
        if (outcome instanceof TokenResponseOutcome.Rejected rejected) {
            LOG.warning(() -> "Code exchange for connection " + session.connectionId() + " refused: "
                    + rejected.error());
            return new Refused("The provider refused the sign-in", "The authorization could not be completed ("
                    + rejected.error() + "). Start again from the application.", back);
        }
        if (outcome instanceof TokenResponseOutcome.Unavailable unavailable) {
            return new Refused("The provider is not answering", "The sign-in could not be completed ("
                    + unavailable.kind().name().toLowerCase() + "). Please try again in a moment.", back);
        }
        TokenResponseOutcome.Issued issued = (TokenResponseOutcome.Issued) outcome;
        String previousStatus = store.connection(session.tenantId(), session.connectionId())
                .map(r -> r.status().name()).orElse("PENDING");
        Set<String> requested = scopes(session.requestedScopes());
        Set<String> granted = issued.scopes().isEmpty() ? requested : issued.scopes();
        List<String> missing = Connection.missingScopes(app.scopes(), granted);
        ProviderEntry entry = entryOf(app);
        accessTokens.forget(session.connectionId());
        if (issued.refreshToken().isEmpty()) {
            String detail = noRefreshTokenDetail(entry, requested);
            store.markNeedsReauth(session.tenantId(), session.connectionId(), "no_refresh_token", detail, now);
            statusChanged.fire(new ConnectionStatusChanged(session.tenantId(), session.connectionId(), app.id(),
                    app.appKey(), previousStatus, "NEEDS_REAUTH", "no_refresh_token", detail, "end-user", now));
            LOG.warning(() -> "Consent for connection " + session.connectionId() + " yielded no refresh token");
            return new Connected(session.tenantId(), session.connectionId(), "NEEDS_REAUTH", "no_refresh_token",
                    detail, missing, back.map(url -> withResult(url, session.connectionId(), "NEEDS_REAUTH")));
        }
        String refreshToken = issued.refreshToken().get();
        int ordinal = store.recordConsent(session.tenantId(), app.id(), externalUserOf(session), now);
        Sealed refresh = keyRing.seal(session.tenantId(), AssociatedData.REFRESH_TOKEN, session.connectionId(),
                refreshToken);
        Sealed access = keyRing.seal(session.tenantId(), AssociatedData.ACCESS_TOKEN, session.connectionId(),
                issued.accessToken());
        store.storeNewGrant(session.tenantId(), session.connectionId(), new ConnectStore.NewGrant(
                KeyRing.encode(refresh.ciphertext()), refresh.keyId(), Hashes.sha256Hex(refreshToken),
                KeyRing.encode(access.ciphertext()), access.keyId(), Hashes.sha256Hex(issued.accessToken()),
                issued.tokenType(), issued.expiresAt(), String.join(" ", granted),
                app.active().map(AppRegistration.Credential::id).orElse(null), now, ordinal,
                GrantExpiry.after(Optional.of(entry), issued, now, true, Optional.empty()).orElse(null)));
        accessTokens.forget(session.connectionId());
        statusChanged.fire(new ConnectionStatusChanged(session.tenantId(), session.connectionId(), app.id(),
                app.appKey(), previousStatus, "ACTIVE", null, null, "end-user", now));
        LOG.info(() -> "Connection " + session.connectionId() + " (tenant " + session.tenantId() + ") connected"
                + (missing.isEmpty() ? "" : "; missing scopes " + missing));
        return new Connected(session.tenantId(), session.connectionId(), "ACTIVE", null, null, missing,
                back.map(url -> withResult(url, session.connectionId(), "ACTIVE")));
    }

    private String externalUserOf(ConnectStore.Session session) {
        return store.connection(session.tenantId(), session.connectionId())
                .map(ConnectStore.ConnectionRef::externalUserId).orElse("");
    }

    private ClientCredentials credentials(AppRegistration app) {
        Optional<AppRegistration.Credential> active = app.active();
        SecretValue secret = active.flatMap(AppRegistration.Credential::secret)
                .map(s -> keyRing.open(app.tenantId(), AssociatedData.CLIENT_SECRET, active.get().id(), s))
                .orElse(null);
        return new ClientCredentials(app.clientId(), secret, app.authMethod());
    }

    private ProviderEntry entryOf(AppRegistration app) {
        return catalog.find(app.provider()).or(() -> catalog.find("oauth2")).orElseThrow();
    }

    /** Which offline-access parameter the request lacked, in words a tenant admin can act on. */
    static String noRefreshTokenDetail(ProviderEntry entry, Set<String> requestedScopes) {
        List<String> missing = new ArrayList<>();
        entry.offlineAccessScopes().stream().filter(s -> !requestedScopes.contains(s))
                .forEach(s -> missing.add("the " + s + " scope"));
        if (!missing.isEmpty()) {
            return "The provider issued no refresh token: the authorization request lacked " + String.join(", ", missing);
        }
        if (!entry.offlineAccessParams().isEmpty() || !entry.offlineAccessScopes().isEmpty()) {
            List<String> sent = new ArrayList<>();
            entry.offlineAccessParams().forEach((k, v) -> sent.add(k + "=" + v));
            entry.offlineAccessScopes().forEach(s -> sent.add("scope " + s));
            return "The provider issued no refresh token although the request asked for offline access ("
                    + String.join(", ", sent) + "); the app may not be allowed offline access at the provider";
        }
        return "The provider issued no refresh token: no offline-access parameter is known for this provider; add the"
                + " provider's offline-access scope (often offline_access) or parameter to the app";
    }

    private boolean isAllowedReturnUrl(String tenantId, String returnUrl) {
        if (returnUrl.length() > 2000 || returnUrl.contains("#")) {
            return false;
        }
        for (String allowed : store.allowedReturnUrls(tenantId)) {
            if (returnUrl.equals(allowed) || (allowed.endsWith("/") && returnUrl.startsWith(allowed))) {
                return true;
            }
        }
        return false;
    }

    private static String withResult(String returnUrl, String connectionId, String status) {
        return returnUrl + (returnUrl.contains("?") ? "&" : "?") + "connection="
                + URLEncoder.encode(connectionId, StandardCharsets.UTF_8) + "&status=" + status;
    }

    private static Set<String> scopes(String spaceSeparated) {
        return spaceSeparated == null || spaceSeparated.isBlank() ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(spaceSeparated.split(" ")));
    }

    private static String safe(String providerText) {
        String text = providerText.replaceAll("[^\\p{Print}]", "");
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
