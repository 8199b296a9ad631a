package io.tokenvault.apps.control;

import io.tokenvault.apps.entity.CredentialState;
import io.tokenvault.crypto.control.Sealed;
import io.tokenvault.oauth.control.ClientCredentials.AuthMethod;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An app as the refresh engine needs it, held in memory: endpoints, client ID and the sealed client secrets (decrypted
 * only at the moment of a provider call). Immutable.
 */
public record AppRegistration(String id, String tenantId, String appKey, String provider, String clientId,
        Set<String> scopes, URI tokenEndpoint, Optional<URI> revocationEndpoint, AuthMethod authMethod,
        List<Credential> credentials, long version, Optional<URI> authorizationEndpoint, URI redirectUri,
        Map<String, String> authorizationParams) {

    /** One client secret, sealed. */
    public record Credential(String id, CredentialState state, Optional<Sealed> secret) {
    }

    public AppRegistration {
        scopes = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(scopes));
        credentials = List.copyOf(credentials);
        authorizationParams = Map.copyOf(authorizationParams);
    }

    /** The secret to use first. */
    public Optional<Credential> active() {
        return credentials.stream().filter(c -> c.state() == CredentialState.ACTIVE).findFirst();
    }

    /** The previous secret, still tried when the provider refuses the active one during a rollover. */
    public Optional<Credential> fallback() {
        return credentials.stream().filter(c -> c.state() == CredentialState.RETIRING).reduce((a, b) -> b);
    }
}
