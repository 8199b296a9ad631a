package io.tokenvault.apps.control;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads an OpenID provider's endpoints from {@code <issuer>/.well-known/openid-configuration}. */
public final class OidcDiscovery {

    /** What registration needs from the discovery document. */
    public record Endpoints(URI authorizationEndpoint, URI tokenEndpoint, Optional<URI> revocationEndpoint,
            Optional<URI> userinfoEndpoint, List<String> scopesSupported) {

        public boolean supportsOfflineAccess() {
            return scopesSupported.contains("offline_access");
        }
    }

    /** Discovery failed; the message says why in terms a tenant admin can act on. */
    public static final class DiscoveryFailure extends Exception {
        DiscoveryFailure(String message) {
            super(message);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private OidcDiscovery() {
    }

    public static Endpoints discover(URI issuer) throws DiscoveryFailure {
        String base = issuer.toString().endsWith("/") ? issuer.toString().substring(0, issuer.toString().length() - 1)
                : issuer.toString();
        URI document = URI.create(base + "/.well-known/openid-configuration");
        HttpResponse<String> response;
        try {
            response = HTTP.send(HttpRequest.newBuilder(document).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new DiscoveryFailure("fetching " + document + " timed out");
        } catch (IOException e) {
            throw new DiscoveryFailure("could not connect to fetch " + document);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryFailure("interrupted while fetching " + document);
        }
        if (response.statusCode() != 200) {
            throw new DiscoveryFailure(document + " answered HTTP " + response.statusCode());
        }
        try {
            OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(response.body());
            if (!metadata.getIssuer().getValue().replaceAll("/$", "").equals(base)) {
                throw new DiscoveryFailure("the discovery document names issuer " + metadata.getIssuer().getValue()
                        + ", not " + base);
            }
            if (metadata.getTokenEndpointURI() == null || metadata.getAuthorizationEndpointURI() == null) {
                throw new DiscoveryFailure("the discovery document lacks the authorization or token endpoint");
            }
            List<String> scopes = metadata.getScopes() == null ? List.of() : metadata.getScopes().toStringList();
            return new Endpoints(metadata.getAuthorizationEndpointURI(), metadata.getTokenEndpointURI(),
                    Optional.ofNullable(metadata.getRevocationEndpointURI()),
                    Optional.ofNullable(metadata.getUserInfoEndpointURI()), scopes);
        } catch (ParseException e) {
            throw new DiscoveryFailure("the discovery document at " + document + " is not valid: " + e.getMessage());
        }
    }
}
