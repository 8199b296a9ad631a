package io.tokenvault.catalog;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the connect flow asks of a provider's authorization endpoint; {@link ProviderEntry#authorizationUri} turns it
 * into the URL the user's browser opens.
 *
 * @param clientId      the app's client ID
 * @param redirectUri   where the provider sends the browser back
 * @param scopes        the scopes the app wants; the entry's offline-access scopes are always added. Iteration order is
 *                      kept, so pass a {@code LinkedHashSet} or {@code SortedSet} for a stable URL
 * @param state         the anti-forgery state, required
 * @param codeChallenge the PKCE S256 challenge, or {@code null} (pass {@code null} when the entry has no PKCE support)
 * @param extraParams   further parameters (e.g. the app's {@code authorizationParams}); those that would change a
 *                      parameter Tokenvault sets itself, or weaken offline access, are ignored
 * @param incremental   ask the provider to include previously granted scopes, where it supports that
 */
public record AuthorizationRequest(String clientId, URI redirectUri, Set<String> scopes, String state,
        String codeChallenge, Map<String, String> extraParams, boolean incremental) {

    public AuthorizationRequest {
        scopes = scopes == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        extraParams = extraParams == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extraParams));
    }
}
