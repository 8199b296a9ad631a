package io.tokenvault.simulator;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a provider serves besides the OAuth endpoints: OpenID Connect userinfo, a protected
 * resource that checks scopes, the discovery document (RFC 8414 / OIDC Discovery) and the JWK set.
 */
final class ResourceEndpoints {

    private final ProviderSimulator sim;

    ResourceEndpoints(ProviderSimulator sim) {
        this.sim = sim;
    }

    void userinfo(HttpCall call) throws IOException {
        sim.counters().call(Endpoint.USERINFO);
        Instant now = sim.clock().instant();
        Optional<TokenRecord> token = bearer(call).flatMap(sim.store()::token).filter(t -> t.validAccessTokenAt(now));
        if (token.isEmpty()) {
            unauthorized(call, now);
            return;
        }
        Grant grant = token.get().grant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", grant.subject());
        if (grant.userId != null) {
            body.put("email", grant.userId + "@example.test");
        }
        body.put("client_id", grant.clientId);
        body.put("scope", String.join(" ", token.get().scopes()));
        Answer.json(200, body).writeTo(call, now);
    }

    /** {@code /resource?scope=x}: 200 when the bearer token is valid and holds every scope asked for. */
    void resource(HttpCall call) throws IOException {
        sim.counters().call(Endpoint.RESOURCE);
        Instant now = sim.clock().instant();
        Optional<TokenRecord> token = bearer(call).flatMap(sim.store()::token).filter(t -> t.validAccessTokenAt(now));
        if (token.isEmpty()) {
            unauthorized(call, now);
            return;
        }
        List<String> required = call.query().getOrDefault("scope", List.of());
        List<String> missing = new ArrayList<>();
        for (String r : required) {
            missing.addAll(TokenEndpoint.scopes(r).stream().filter(s -> !token.get().scopes().contains(s)).toList());
        }
        if (!missing.isEmpty()) {
            new Answer(403, Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\""
                    + String.join(" ", missing) + "\""), "application/json;charset=UTF-8",
                    Json.write(Map.of("error", "insufficient_scope"))).writeTo(call, now);
            return;
        }
        Answer.json(200, Map.of("sub", token.get().grant().subject(), "data", "simulated resource"))
                .writeTo(call, now);
    }

    void discovery(HttpCall call) throws IOException {
        sim.counters().call(Endpoint.DISCOVERY);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", sim.issuer().toString());
        doc.put("authorization_endpoint", sim.authorizationEndpoint().toString());
        doc.put("token_endpoint", sim.tokenEndpoint().toString());
        doc.put("revocation_endpoint", sim.revocationEndpoint().toString());
        doc.put("userinfo_endpoint", sim.userinfoEndpoint().toString());
        doc.put("jwks_uri", sim.jwksUri().toString());
        doc.put("response_types_supported", List.of("code"));
        doc.put("response_modes_supported", List.of("query"));
        doc.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        doc.put("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        doc.put("scopes_supported", sim.scopesSupported());
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("claims_supported", List.of("sub", "email"));
        Answer.json(200, doc).writeTo(call, sim.clock().instant());
    }

    void jwks(HttpCall call) throws IOException {
        sim.counters().call(Endpoint.JWKS);
        Answer.json(200, sim.minter().jwks()).writeTo(call, sim.clock().instant());
    }

    private static Optional<String> bearer(HttpCall call) {
        String authorization = call.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(7).trim());
    }

    private static void unauthorized(HttpCall call, Instant now) throws IOException {
        new Answer(401, Map.of("WWW-Authenticate", "Bearer realm=\"provider-simulator\", error=\"invalid_token\","
                + " error_description=\"The access token is missing, expired or revoked\""),
                "application/json;charset=UTF-8", Json.write(Map.of("error", "invalid_token"))).writeTo(call, now);
    }
}
