package io.tokenvault.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The authorization endpoint (RFC 6749 §4.1.1). There is no login page: the request is checked,
 * the client's preset {@link Consent} is applied for the user the request names, and the browser
 * is redirected straight back with {@code code} and {@code state} (or an error).
 */
final class AuthorizationEndpoint {

    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final ProviderSimulator sim;

    AuthorizationEndpoint(ProviderSimulator sim) {
        this.sim = sim;
    }

    void handle(HttpCall call) throws IOException {
        sim.counters().call(Endpoint.AUTHORIZATION);
        answer(call).writeTo(call, sim.clock().instant());
    }

    private Answer answer(HttpCall call) {
        Map<String, List<String>> params;
        if ("GET".equals(call.method())) {
            params = call.query();
        } else if ("POST".equals(call.method())) {
            params = call.form();
        } else {
            return Answer.html(405, "Method not allowed");
        }
        Optional<String> repeated = params.entrySet().stream()
                .filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).findFirst();
        if (repeated.isPresent()) {
            return Answer.html(400, "Parameter repeated: " + repeated.get());
        }
        String clientId = ClientIdentity.single(params, "client_id");
        Optional<SimulatedClient> found = Optional.ofNullable(clientId).flatMap(sim::findClient);
        if (found.isEmpty()) {
            // RFC 6749 §4.1.2.1: never redirect to an unverified redirect URI
            return Answer.html(400, "Unknown client");
        }
        SimulatedClient client = found.get();
        String redirectParam = ClientIdentity.single(params, "redirect_uri");
        URI redirectUri;
        try {
            redirectUri = redirectParam != null ? URI.create(redirectParam)
                    : client.redirectUris().size() == 1 ? client.redirectUris().iterator().next() : null;
        } catch (IllegalArgumentException e) {
            return Answer.html(400, "Malformed redirect_uri");
        }
        if (redirectUri == null) {
            return Answer.html(400, "Missing redirect_uri");
        }
        if (!client.acceptsRedirectUri(redirectUri)) {
            return Answer.html(400, "redirect_uri not registered for this client");
        }
        String state = ClientIdentity.single(params, "state");
        if (!"code".equals(ClientIdentity.single(params, "response_type"))) {
            return redirect(redirectUri, error("unsupported_response_type", "Only response_type=code is supported.", state));
        }
        Behaviour behaviour = client.behaviour();
        String challenge = ClientIdentity.single(params, "code_challenge");
        String method = ClientIdentity.single(params, "code_challenge_method");
        if (challenge != null && !"S256".equals(method)) {
            return redirect(redirectUri, error("invalid_request", "Only code_challenge_method=S256 is supported.", state));
        }
        if (challenge != null && !S256_CHALLENGE.matcher(challenge).matches()) {
            return redirect(redirectUri, error("invalid_request", "Malformed code_challenge.", state));
        }
        if (challenge == null && behaviour.requirePkce()) {
            return redirect(redirectUri, error("invalid_request", "code_challenge required.", state));
        }
        Consent consent = behaviour.consent();
        if (consent.decision() == Consent.Decision.DENY) {
            return redirect(redirectUri, error("access_denied", "The user denied access.", state));
        }
        String scopeParam = ClientIdentity.single(params, "scope");
        Set<String> requested = scopeParam == null ? Set.of() : TokenEndpoint.scopes(scopeParam);
        Set<String> granted = new LinkedHashSet<>(requested);
        if (consent.decision() == Consent.Decision.GRANT_SUBSET) {
            granted.retainAll(consent.allowedScopes());
        }
        String userId = firstNonNull(ClientIdentity.single(params, "sim_user"),
                ClientIdentity.single(params, "login_hint"), behaviour.consentUser());
        List<Grant> previous = sim.store().grants(g -> g.clientId.equals(client.clientId())
                && userId.equals(g.userId) && g.alive());
        if ("true".equals(ClientIdentity.single(params, "include_granted_scopes"))) {
            previous.forEach(g -> granted.addAll(g.scopes));
        }
        boolean offline = switch (behaviour.offlineAccessRule()) {
            case ALWAYS -> true;
            case GOOGLE_ACCESS_TYPE_OFFLINE -> "offline".equals(ClientIdentity.single(params, "access_type"));
            case MICROSOFT_OFFLINE_ACCESS_SCOPE -> granted.contains("offline_access");
            case NEVER -> false;
        };
        String prompt = ClientIdentity.single(params, "prompt");
        boolean promptConsent = prompt != null && TokenEndpoint.scopes(prompt).contains("consent");
        if (offline && behaviour.refreshTokenOnlyOnFirstConsent() && !promptConsent
                && previous.stream().anyMatch(Grant::hasRefreshToken)) {
            offline = false;
        }
        String code = sim.store().newCode();
        sim.store().putCode(code, new AuthorizationCode(client.clientId(), redirectParam == null ? null : redirectUri,
                userId, granted, challenge, offline, sim.clock().instant()));
        Map<String, String> success = new LinkedHashMap<>();
        success.put("code", code);
        if (state != null) {
            success.put("state", state);
        }
        return redirect(redirectUri, success);
    }

    private static Map<String, String> error(String error, String description, String state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error);
        params.put("error_description", description);
        if (state != null) {
            params.put("state", state);
        }
        return params;
    }

    private static Answer redirect(URI redirectUri, Map<String, String> params) {
        StringBuilder location = new StringBuilder(redirectUri.toString());
        char separator = redirectUri.getRawQuery() == null ? '?' : '&';
        for (Map.Entry<String, String> p : params.entrySet()) {
            location.append(separator).append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return new Answer(302, Map.of("Location", location.toString(), "Cache-Control", "no-store"), null, "");
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        throw new IllegalStateException("no value");
    }
}
