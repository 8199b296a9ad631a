package io.tokenvault.apps.boundary;

import io.tokenvault.apps.entity.ClientCredential;
import io.tokenvault.apps.entity.OAuthApp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An app as the API shows it: everything but the secrets, of which only fingerprints appear. */
public record AppView(String app, String provider, String clientId, List<String> scopes, String issuer,
        String authorizationEndpoint, String tokenEndpoint, String revocationEndpoint, String redirectUri,
        String tokenEndpointAuthMethod, Map<String, String> authorizationParams, Map<String, String> templateValues,
        List<SecretView> clientSecrets,
        Instant createdAt, Instant updatedAt) {

    /** A client secret, identified without being revealed. */
    public record SecretView(String id, String state, String fingerprint, Instant createdAt, Instant retireAfter,
            String failure) {
    }

    static AppView of(OAuthApp app) {
        return new AppView(app.appKey(), app.provider(), app.clientId(), List.copyOf(app.scopes()), app.issuer(),
                app.authorizationEndpoint(), app.tokenEndpoint(), app.revocationEndpoint(), app.redirectUri(),
                app.tokenEndpointAuthMethod(), app.authorizationParams(), app.templateValues(),
                app.credentials().stream().map(AppView::secret).toList(), app.createdAt(), app.updatedAt());
    }

    private static SecretView secret(ClientCredential c) {
        return new SecretView(c.id(), c.state().name(), c.fingerprint(), c.createdAt(), c.retireAfterInstant(),
                c.failure());
    }
}
