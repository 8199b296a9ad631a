package io.tokenvault.apps.boundary;

import java.util.List;
import java.util.Map;

/** What a tenant admin sends to register or update an app. {@code toString()} never shows the secret. */
public record AppRequest(String provider, String clientId, String clientSecret, List<String> scopes, String issuer,
        String authorizationEndpoint, String tokenEndpoint, String revocationEndpoint, String redirectUri,
        String tokenEndpointAuthMethod, Map<String, String> authorizationParams, Map<String, String> templateValues) {

    @Override
    public String toString() {
        return "AppRequest[provider=" + provider + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret == null ? "none" : "****") + ", scopes=" + scopes + "]";
    }
}
