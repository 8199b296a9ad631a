package io.tokenvault.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The token endpoint (RFC 6749 §3.2) and the revocation endpoint (RFC 7009). */
final class TokenEndpoint {

    private static final Pattern PKCE_VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

    private final ProviderSimulator sim;

    TokenEndpoint(ProviderSimulator sim) {
        this.sim = sim;
    }

    void handleToken(HttpCall call) throws IOException {
        sim.counters().call(Endpoint.TOKEN);
        Request request = Request.read(call, sim);
        if (request.early != null) {
            request.early.writeTo(call, sim.clock().instant());
            return;
        }
        SimulatedClient client = request.client;
        sim.counters().tokenCallOf(client.clientId());
        String grantType = ClientIdentity.single(request.form, "grant_type");
        if ("refresh_token".equals(grantType)) {
            String presented = ClientIdentity.single(request.form, "refresh_token");
            if (presented != null) {
                sim.counters().refreshCall(presented);
                sim.store().token(presented).ifPresent(t -> sim.counters().refreshCallForGrant(t.grant().id));
            }
        }
        sim.serve(call, client.behaviour(), () -> {
            Optional<Answer> refused = authenticate(request);
            if (refused.isPresent()) {
                if ("refresh_token".equals(grantType)) {
                    sim.counters().refreshFailed();
                }
                return refused.get();
            }
            if (grantType == null) {
                return refuse(request, Refusal.INVALID_REQUEST, "Missing grant_type.");
            }
            return switch (grantType) {
                case "refresh_token" -> refresh(request);
                case "authorization_code" -> exchangeCode(request);
                case "client_credentials" -> clientCredentials(request);
                default -> refuse(request, Refusal.UNSUPPORTED_GRANT_TYPE, grantType);
            };
        });
    }

    void handleRevocation(HttpCall call) throws IOException {
        sim.counters().call(Endpoint.REVOCATION);
        Request request = Request.read(call, sim);
        if (request.early != null) {
            request.early.writeTo(call, sim.clock().instant());
            return;
        }
        sim.serve(call, request.client.behaviour(), () -> {
            Optional<Answer> refused = authenticate(request);
            if (refused.isPresent()) {
                return refused.get();
            }
            String token = ClientIdentity.single(request.form, "token");
            if (token == null) {
                return refuse(request, Refusal.INVALID_REQUEST, "Missing token.");
            }
            sim.counters().revoked();
            Optional<TokenRecord> record = sim.store().token(token);
            if (record.isPresent()) {
                Grant grant = record.get().grant();
                if (!grant.clientId.equals(request.client.clientId())) {
                    return Answer.error(ProviderError.of(400, "unauthorized_client",
                            "The token was not issued to this client."), providerNow(request), false);
                }
                grant.end(Refusal.REVOKED, null);
            }
            return new Answer(200, Map.of("Cache-Control", "no-store"), null, "");
        });
    }

    private Optional<Answer> authenticate(Request request) {
        SimulatedClient client = request.client;
        boolean ok = client.isPublic() ? request.identity.secret() == null : client.secretMatches(request.identity.secret());
        return ok ? Optional.empty() : Optional.of(refuse(request, Refusal.INVALID_CLIENT_SECRET, null));
    }

    private Answer refresh(Request request) {
        SimulatedClient client = request.client;
        Behaviour behaviour = client.behaviour();
        String presented = ClientIdentity.single(request.form, "refresh_token");
        if (presented == null) {
            sim.counters().refreshFailed();
            return refuse(request, Refusal.INVALID_REQUEST, "Missing refresh_token.");
        }
        Optional<TokenRecord> record = sim.store().token(presented)
                .filter(t -> t.kind() == TokenRecord.Kind.REFRESH && t.grant().clientId.equals(client.clientId()));
        if (record.isEmpty()) {
            sim.counters().refreshFailed();
            return refuse(request, Refusal.UNKNOWN_TOKEN, null);
        }
        Grant grant = record.get().grant();
        synchronized (grant) {
            Answer answer = refreshLocked(request, grant, presented, behaviour);
            if (answer.status() == 200) {
                sim.counters().refreshSucceeded();
            } else {
                sim.counters().refreshFailed();
            }
            return answer;
        }
    }

    private Answer refreshLocked(Request request, Grant grant, String presented, Behaviour behaviour) {
        if (!grant.alive()) {
            return refuseDead(request, grant);
        }
        Optional<ProviderError> forced = grant.forcedError();
        if (forced.isPresent()) {
            return Answer.error(forced.get(), providerNow(request), request.identity.basic());
        }
        Optional<Refusal> forcedRefusal = grant.forcedRefusal();
        if (forcedRefusal.isPresent()) {
            return refuse(request, forcedRefusal.get(), null);
        }
        Instant now = sim.clock().instant();
        Optional<Duration> maxAge = behaviour.refreshTokenMaxAge();
        if (maxAge.isPresent() && !now.isBefore(grant.createdAt.plus(maxAge.get()))) {
            grant.end(Refusal.EXPIRED, null);
            return refuseDead(request, grant);
        }
        Optional<Duration> idle = behaviour.refreshTokenIdleTimeout();
        if (idle.isPresent() && !now.isBefore(grant.lastActiveAt().plus(idle.get()))) {
            grant.end(Refusal.EXPIRED_FOR_INACTIVITY, null);
            return refuseDead(request, grant);
        }
        if (presented.equals(grant.currentRefreshToken())) {
            Set<String> scopes = grant.scopes;
            String requested = ClientIdentity.single(request.form, "scope");
            if (requested != null) {
                scopes = scopes(requested);
                if (!grant.scopes.containsAll(scopes)) {
                    return refuse(request, Refusal.INVALID_SCOPE, null);
                }
            }
            GrantStore.RefreshTokenMode mode = behaviour.rotateRefreshTokens() ? GrantStore.RefreshTokenMode.NEW
                    : behaviour.echoRefreshToken() ? GrantStore.RefreshTokenMode.ECHO : GrantStore.RefreshTokenMode.NONE;
            grant.activeAt(now);
            return Answer.json(200, sim.store().issue(grant, behaviour, mode, scopes));
        }
        Instant spentAt = grant.spentAt(presented).orElseThrow();
        Duration grace = behaviour.reuseGracePeriod();
        if (!grace.isZero() && !now.isAfter(spentAt.plus(grace))) {
            grant.activeAt(now);
            return switch (behaviour.reuseGraceAnswer()) {
                case CURRENT_TOKENS -> Answer.json(200, grant.lastResponse());
                case FRESH_PAIR -> Answer.json(200,
                        sim.store().issue(grant, behaviour, GrantStore.RefreshTokenMode.NEW, grant.scopes));
            };
        }
        if (behaviour.reuseDetection()) {
            grant.end(Refusal.REUSE_DETECTED, null);
            return refuseDead(request, grant);
        }
        return refuse(request, Refusal.TOKEN_SPENT, null);
    }

    private Answer refuseDead(Request request, Grant grant) {
        Optional<ProviderError> explicit = grant.endError();
        if (explicit.isPresent()) {
            return Answer.error(explicit.get(), providerNow(request), request.identity.basic());
        }
        return refuse(request, grant.endReason().orElseThrow(), null);
    }

    private Answer exchangeCode(Request request) {
        sim.counters().codeExchanged();
        SimulatedClient client = request.client;
        String codeValue = ClientIdentity.single(request.form, "code");
        if (codeValue == null) {
            return refuse(request, Refusal.INVALID_REQUEST, "Missing code.");
        }
        Optional<AuthorizationCode> found = sim.store().code(codeValue).filter(c -> c.clientId.equals(client.clientId()));
        if (found.isEmpty()) {
            return refuse(request, Refusal.CODE_INVALID, null);
        }
        AuthorizationCode code = found.get();
        Grant grant;
        synchronized (code) {
            if (code.grantId() != null) {
                sim.store().grant(code.grantId()).ifPresent(g -> g.end(Refusal.REVOKED, null));
                return refuse(request, Refusal.CODE_REDEEMED, null);
            }
            if (!sim.clock().instant().isBefore(code.createdAt.plus(AuthorizationCode.LIFETIME))) {
                return refuse(request, Refusal.CODE_EXPIRED, null);
            }
            if (code.redirectUri != null && !code.redirectUri.toString().equals(ClientIdentity.single(request.form, "redirect_uri"))) {
                return refuse(request, Refusal.REDIRECT_URI_MISMATCH, null);
            }
            String verifier = ClientIdentity.single(request.form, "code_verifier");
            if (code.codeChallenge != null && verifier == null) {
                return refuse(request, Refusal.PKCE_MISSING, null);
            }
            if (verifier != null && (code.codeChallenge == null || !PKCE_VERIFIER.matcher(verifier).matches()
                    || !s256(verifier).equals(code.codeChallenge))) {
                return refuse(request, Refusal.PKCE_MISMATCH, null);
            }
            grant = sim.store().create(client, code.userId, code.scopes, code.offline);
            code.redeemedFor(grant.id);
        }
        synchronized (grant) {
            return Answer.json(200, sim.store().issue(grant, client.behaviour(),
                    code.offline ? GrantStore.RefreshTokenMode.NEW : GrantStore.RefreshTokenMode.NONE, code.scopes));
        }
    }

    private Answer clientCredentials(Request request) {
        sim.counters().clientCredentialsGranted();
        SimulatedClient client = request.client;
        if (client.isPublic()) {
            return Answer.error(ProviderError.of(400, "unauthorized_client",
                    "A public client cannot use client_credentials."), providerNow(request), false);
        }
        String requested = ClientIdentity.single(request.form, "scope");
        Set<String> scopes = requested == null ? Set.of() : scopes(requested);
        Grant grant = sim.store().create(client, null, scopes, false);
        synchronized (grant) {
            return Answer.json(200, sim.store().issue(grant, client.behaviour(), GrantStore.RefreshTokenMode.NONE, scopes));
        }
    }

    private Answer refuse(Request request, Refusal refusal, String detail) {
        ProviderError error = request.client.behaviour().errorStyle()
                .errorFor(refusal, request.client.clientId(), detail == null ? "" : detail);
        return Answer.error(error, providerNow(request), request.identity.basic());
    }

    private Instant providerNow(Request request) {
        return sim.clock().instant().plus(request.client.behaviour().clockSkew());
    }

    static Set<String> scopes(String scope) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(scope.trim().split(" +")).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }

    /** A parsed POST to the token or revocation endpoint, or the answer that ends it early. */
    private static final class Request {
        Map<String, List<String>> form;
        ClientIdentity identity;
        SimulatedClient client;
        Answer early;

        static Request read(HttpCall call, ProviderSimulator sim) {
            Request r = new Request();
            Instant now = sim.clock().instant();
            ErrorStyle generic = ErrorStyle.GENERIC;
            if (!"POST".equals(call.method())) {
                r.early = new Answer(405, Map.of("Allow", "POST"), "application/json;charset=UTF-8",
                        Json.write(generic.errorFor(Refusal.INVALID_REQUEST, "", "Use POST.").toJson(now)));
                return r;
            }
            String contentType = call.header("Content-Type");
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                r.early = Answer.error(generic.errorFor(Refusal.INVALID_REQUEST, "",
                        "Content-Type must be application/x-www-form-urlencoded."), now, false);
                return r;
            }
            r.form = call.form();
            Optional<String> repeated = r.form.entrySet().stream()
                    .filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).findFirst();
            r.identity = ClientIdentity.of(call, r.form);
            if (r.identity.problem() != null && r.identity.clientId() == null
                    && !"no client authentication".equals(r.identity.problem())) {
                r.early = Answer.error(generic.errorFor(Refusal.INVALID_REQUEST, "", r.identity.problem()), now, false);
                return r;
            }
            Optional<SimulatedClient> client = Optional.ofNullable(r.identity.clientId()).flatMap(sim::findClient);
            if (client.isEmpty()) {
                r.early = Answer.error(generic.errorFor(Refusal.UNKNOWN_CLIENT, "", ""), now, r.identity.basic());
                return r;
            }
            r.client = client.get();
            if (repeated.isPresent()) {
                r.early = Answer.error(r.client.behaviour().errorStyle().errorFor(Refusal.INVALID_REQUEST,
                        r.client.clientId(), "Parameter repeated: " + repeated.get()), now, r.identity.basic());
            }
            return r;
        }
    }
}
