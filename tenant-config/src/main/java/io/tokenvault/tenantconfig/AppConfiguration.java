package io.tokenvault.tenantconfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One OAuth app of a tenant, as the configuration document carries it. Absent values are {@code null}; lists and
 * maps are never {@code null}. {@code toString()} never shows the client secret.
 *
 * @param key                     the app's key within the tenant, e.g. {@code google-drive}
 * @param provider                a catalog id ({@code google}, {@code microsoft}, …), {@code oauth2} or {@code oidc}
 * @param clientId                the OAuth client ID
 * @param clientSecret            the client secret: read on import, never written on export
 * @param scopes                  the scopes the app requests
 * @param issuer                  the OpenID issuer ({@code oidc})
 * @param authorizationEndpoint   given or overridden authorization endpoint
 * @param tokenEndpoint           given or overridden token endpoint ({@code oauth2} requires it)
 * @param revocationEndpoint      given or overridden revocation endpoint
 * @param redirectUri             the redirect URI, when not the vault's default callback
 * @param tokenEndpointAuthMethod {@code client_secret_basic}, {@code client_secret_post} or {@code none}; the
 *                                catalog's default when {@code null}
 * @param authorizationParams     extra authorization parameters (e.g. Google's {@code hd})
 * @param templateValues          values for the provider's endpoint templates (e.g. {@code tenant} for Microsoft,
 *                                {@code subdomain} for Zendesk)
 */
public record AppConfiguration(String key, String provider, String clientId, String clientSecret, List<String> scopes,
        String issuer, String authorizationEndpoint, String tokenEndpoint, String revocationEndpoint,
        String redirectUri, String tokenEndpointAuthMethod, Map<String, String> authorizationParams,
        Map<String, String> templateValues) {

    public AppConfiguration {
        scopes = scopes == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(scopes));
        authorizationParams = copy(authorizationParams);
        templateValues = copy(templateValues);
    }

    public static Builder builder(String key, String provider) {
        return new Builder().key(key).provider(provider);
    }

    public Builder toBuilder() {
        return new Builder().key(key).provider(provider).clientId(clientId).clientSecret(clientSecret).scopes(scopes)
                .issuer(issuer).authorizationEndpoint(authorizationEndpoint).tokenEndpoint(tokenEndpoint)
                .revocationEndpoint(revocationEndpoint).redirectUri(redirectUri)
                .tokenEndpointAuthMethod(tokenEndpointAuthMethod).authorizationParams(authorizationParams)
                .templateValues(templateValues);
    }

    /** This app without its client secret. */
    public AppConfiguration withoutClientSecret() {
        return clientSecret == null ? this : toBuilder().clientSecret(null).build();
    }

    @Override
    public String toString() {
        return "AppConfiguration[key=" + key + ", provider=" + provider + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret == null ? "none" : "****") + ", scopes=" + scopes + "]";
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Builds an {@link AppConfiguration}; every property starts out absent. */
    public static final class Builder {
        private String key;
        private String provider;
        private String clientId;
        private String clientSecret;
        private List<String> scopes = List.of();
        private String issuer;
        private String authorizationEndpoint;
        private String tokenEndpoint;
        private String revocationEndpoint;
        private String redirectUri;
        private String tokenEndpointAuthMethod;
        private Map<String, String> authorizationParams = Map.of();
        private Map<String, String> templateValues = Map.of();

        private Builder() {
        }

        public Builder key(String key) {
            this.key = key;
            return this;
        }

        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder clientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        public Builder scopes(List<String> scopes) {
            this.scopes = scopes;
            return this;
        }

        public Builder scopes(String... scopes) {
            this.scopes = List.of(scopes);
            return this;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder authorizationEndpoint(String authorizationEndpoint) {
            this.authorizationEndpoint = authorizationEndpoint;
            return this;
        }

        public Builder tokenEndpoint(String tokenEndpoint) {
            this.tokenEndpoint = tokenEndpoint;
            return this;
        }

        public Builder revocationEndpoint(String revocationEndpoint) {
            this.revocationEndpoint = revocationEndpoint;
            return this;
        }

        public Builder redirectUri(String redirectUri) {
            this.redirectUri = redirectUri;
            return this;
        }

        public Builder tokenEndpointAuthMethod(String tokenEndpointAuthMethod) {
            this.tokenEndpointAuthMethod = tokenEndpointAuthMethod;
            return this;
        }

        public Builder authorizationParams(Map<String, String> authorizationParams) {
            this.authorizationParams = authorizationParams;
            return this;
        }

        public Builder templateValues(Map<String, String> templateValues) {
            this.templateValues = templateValues;
            return this;
        }

        public AppConfiguration build() {
            return new AppConfiguration(key, provider, clientId, clientSecret, scopes, issuer, authorizationEndpoint,
                    tokenEndpoint, revocationEndpoint, redirectUri, tokenEndpointAuthMethod, authorizationParams,
                    templateValues);
        }
    }
}
