package io.tokenvault.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.tokenvault.simulator.HttpProbe.json;
import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("unchecked")
class DiscoveryTest {

    private final ProviderSimulator sim = ProviderSimulator.start();
    private final HttpProbe http = new HttpProbe();

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void discoveryDocumentNamesTheEndpoints() {
        Map<String, Object> doc = json(http.get(sim.discoveryEndpoint()));

        assertThat(sim.baseUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(doc).containsEntry("issuer", sim.issuer().toString())
                .containsEntry("authorization_endpoint", sim.authorizationEndpoint().toString())
                .containsEntry("token_endpoint", sim.tokenEndpoint().toString())
                .containsEntry("revocation_endpoint", sim.revocationEndpoint().toString())
                .containsEntry("userinfo_endpoint", sim.userinfoEndpoint().toString())
                .containsEntry("jwks_uri", sim.jwksUri().toString())
                .containsEntry("code_challenge_methods_supported", List.of("S256"));
        assertThat((List<Object>) doc.get("scopes_supported")).doesNotContain("offline_access");
        assertThat(json(http.get(sim.baseUrl().resolve("/.well-known/oauth-authorization-server")))).isEqualTo(doc);
    }

    @Test
    void offlineAccessIsListedWhenConfigured() {
        sim.advertiseOfflineAccess(true);

        assertThat((List<Object>) json(http.get(sim.discoveryEndpoint())).get("scopes_supported")).contains("offline_access");
    }

    @Test
    void resourceEndpointChecksScopes() {
        sim.registerClient("app", "secret");
        SeededGrant grant = sim.issueGrant("app", "alice", "files.read");

        HttpResponse<String> allowed = http.getWithBearer(URI.create(sim.resourceEndpoint() + "?scope=files.read"),
                grant.accessToken());
        HttpResponse<String> forbidden = http.getWithBearer(URI.create(sim.resourceEndpoint() + "?scope=files.write"),
                grant.accessToken());
        HttpResponse<String> anonymous = http.get(sim.resourceEndpoint());

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).contains("insufficient_scope"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void unknownPathsAre404() {
        assertThat(http.get(sim.baseUrl().resolve("/nope")).statusCode()).isEqualTo(404);
    }
}
