package io.tokenvault.simulator;

import com.nimbusds.oauth2.sdk.ParseException;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON control API under {@code /sim/} so a benchmark can drive a standalone simulator over HTTP.
 * Durations are given in seconds ({@code ...Seconds}) or milliseconds ({@code ...Millis}).
 *
 * <pre>
 * GET  /sim/clock                               {"now"}
 * POST /sim/clock/advance  {"seconds"|"millis"}  {"now"}
 * POST /sim/clock/set      {"now": ISO-8601}     {"now"}
 * POST /sim/clients        {"clientId", "secrets":[..], "redirectUris":[..], "public", "behaviour":{..}}
 * GET  /sim/clients/{id}/behaviour
 * POST /sim/clients/{id}/behaviour   {field: value, ...}   (fields as returned by GET; plus
 *                                     "failures":[{"type":"server_error","status":503,"count":2},
 *                                     {"type":"rate_limited","retryAfterSeconds":30},
 *                                     {"type":"timeout","holdMillis":2000,"processed":false},
 *                                     {"type":"disconnect","processed":true}], "clearFailures": true)
 * POST /sim/clients/{id}/secrets        {"secret"}
 * POST /sim/clients/{id}/secrets/remove {"secret"}
 * POST /sim/clients/{id}/revoke                       admin revocation, {"revoked": n}
 * POST /sim/grants         {"clientId","userId","scopes":[..]}  {"grantId","accessToken","refreshToken",..}
 * GET  /sim/grants/{id}
 * POST /sim/grants/{id}/revoke
 * POST /sim/grants/{id}/error   {"refusal":"MFA_REQUIRED"} | {"google":"invalid_rapt"} | {"microsoft":50076}
 *                               | {"status":400,"error":"invalid_grant","description":"..","subtype":".."}
 * POST /sim/grants/{id}/error/clear
 * POST /sim/users/{userId}/revoke  {"clientId"?}
 * POST /sim/users/{userId}/password-changed
 * GET  /sim/counters             POST /sim/counters/reset
 * POST /sim/release-held
 * </pre>
 */
final class ControlApi {

    private final ProviderSimulator sim;

    ControlApi(ProviderSimulator sim) {
        this.sim = sim;
    }

    /** A control request that cannot be served: answered 400 or 404 with {@code {"error": message}}. */
    private static final class ControlError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        ControlError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    void handle(HttpCall call) throws IOException {
        sim.counters().call(Endpoint.CONTROL);
        Answer answer;
        try {
            answer = route(call);
        } catch (ControlError e) {
            answer = Answer.json(e.status, Map.of("error", e.getMessage()));
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException | DateTimeParseException e) {
            answer = Answer.json(400, Map.of("error", String.valueOf(e.getMessage())));
        }
        answer.writeTo(call, sim.clock().instant());
    }

    private Answer route(HttpCall call) {
        List<String> p = Arrays.stream(call.path().substring("/sim/".length()).split("/"))
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
        boolean get = "GET".equals(call.method());
        boolean post = "POST".equals(call.method());
        Map<String, Object> body = post ? body(call) : Map.of();
        String first = p.get(0);
        int n = p.size();
        switch (first) {
            case "clock" -> {
                if (n == 1 && get) {
                    return ok(Map.of("now", sim.clock().instant().toString()));
                }
                if (n == 2 && post && "advance".equals(p.get(1))) {
                    sim.clock().advance(duration(body, "").orElseThrow(() -> new ControlError(400, "seconds or millis required")));
                    return ok(Map.of("now", sim.clock().instant().toString()));
                }
                if (n == 2 && post && "set".equals(p.get(1))) {
                    sim.clock().set(Instant.parse(string(body, "now")));
                    return ok(Map.of("now", sim.clock().instant().toString()));
                }
            }
            case "clients" -> {
                if (n == 1 && post) {
                    return Answer.json(201, registerClient(body));
                }
                if (n >= 3) {
                    SimulatedClient client = sim.findClient(p.get(1)).orElseThrow(() -> new ControlError(404, "no such client"));
                    String what = p.get(2);
                    if ("behaviour".equals(what) && n == 3 && get) {
                        return ok(behaviourJson(client.behaviour()));
                    }
                    if ("behaviour".equals(what) && n == 3 && post) {
                        applyBehaviour(client.behaviour(), body);
                        return ok(behaviourJson(client.behaviour()));
                    }
                    if ("secrets".equals(what) && n == 3 && post) {
                        client.addSecret(string(body, "secret"));
                        return ok(Map.of("secrets", client.secretCount()));
                    }
                    if ("secrets".equals(what) && n == 4 && post && "remove".equals(p.get(3))) {
                        client.removeSecret(string(body, "secret"));
                        return ok(Map.of("secrets", client.secretCount()));
                    }
                    if ("revoke".equals(what) && n == 3 && post) {
                        return ok(Map.of("revoked", sim.revokeClient(client.clientId())));
                    }
                }
            }
            case "grants" -> {
                if (n == 1 && post) {
                    SeededGrant g = sim.issueGrant(string(body, "clientId"), string(body, "userId"),
                            new LinkedHashSet<>(strings(body, "scopes")));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("grantId", g.grantId());
                    out.put("accessToken", g.accessToken());
                    out.put("refreshToken", g.refreshToken());
                    out.put("accessTokenExpiresAt", g.accessTokenExpiresAt().toString());
                    out.put("scopes", new ArrayList<>(g.scopes()));
                    return Answer.json(201, out);
                }
                if (n >= 2) {
                    String grantId = p.get(1);
                    GrantSnapshot snapshot = sim.grant(grantId).orElseThrow(() -> new ControlError(404, "no such grant"));
                    if (n == 2 && get) {
                        return ok(grantJson(snapshot));
                    }
                    if (n == 3 && post && "revoke".equals(p.get(2))) {
                        return ok(Map.of("revoked", sim.revokeGrant(grantId)));
                    }
                    if (n == 3 && post && "error".equals(p.get(2))) {
                        forceError(grantId, body);
                        return ok(Map.of("grantId", grantId));
                    }
                    if (n == 4 && post && "error".equals(p.get(2)) && "clear".equals(p.get(3))) {
                        sim.clearGrantError(grantId);
                        return ok(Map.of("grantId", grantId));
                    }
                }
            }
            case "users" -> {
                if (n == 3 && post && "revoke".equals(p.get(2))) {
                    Object clientId = body.get("clientId");
                    int revoked = clientId == null ? sim.revokeUser(p.get(1)) : sim.revokeUser(clientId.toString(), p.get(1));
                    return ok(Map.of("revoked", revoked));
                }
                if (n == 3 && post && "password-changed".equals(p.get(2))) {
                    return ok(Map.of("revoked", sim.passwordChanged(p.get(1))));
                }
            }
            case "counters" -> {
                if (n == 1 && get) {
                    return ok(sim.counters().totals());
                }
                if (n == 2 && post && "reset".equals(p.get(1))) {
                    sim.resetCounters();
                    return ok(sim.counters().totals());
                }
            }
            case "release-held" -> {
                if (n == 1 && post) {
                    sim.releaseHeldResponses();
                    return ok(Map.of("released", true));
                }
            }
            default -> {
                // falls through to 404
            }
        }
        throw new ControlError(404, "no such control operation: " + call.method() + " " + call.path());
    }

    private Map<String, Object> registerClient(Map<String, Object> body) {
        String clientId = string(body, "clientId");
        SimulatedClient client = Boolean.TRUE.equals(body.get("public"))
                ? sim.registerPublicClient(clientId)
                : sim.registerClient(clientId, strings(body, "secrets").toArray(String[]::new));
        strings(body, "redirectUris").forEach(u -> client.addRedirectUri(URI.create(u)));
        if (body.get("behaviour") instanceof Map<?, ?> behaviour) {
            applyBehaviour(client.behaviour(), cast(behaviour));
        }
        return Map.of("clientId", clientId, "behaviour", behaviourJson(client.behaviour()));
    }

    private void forceError(String grantId, Map<String, Object> body) {
        if (body.containsKey("refusal")) {
            sim.forceGrantError(grantId, Refusal.valueOf(string(body, "refusal")));
        } else if (body.containsKey("google")) {
            sim.forceGrantError(grantId, ProviderError.google(string(body, "google")));
        } else if (body.containsKey("microsoft")) {
            sim.forceGrantError(grantId, ProviderError.microsoft(((Number) body.get("microsoft")).intValue()));
        } else {
            ProviderError error = ProviderError.of(number(body, "status", 400).intValue(), string(body, "error"),
                    Optional.ofNullable(body.get("description")).map(Object::toString).orElse(""));
            if (body.get("subtype") != null) {
                error = error.withSubtype(body.get("subtype").toString());
            }
            sim.forceGrantError(grantId, error);
        }
    }

    static Map<String, Object> behaviourJson(Behaviour b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accessTokenLifetimeSeconds", b.accessTokenLifetime().toSeconds());
        out.put("accessTokenFormat", b.accessTokenFormat().name());
        out.put("rotateRefreshTokens", b.rotateRefreshTokens());
        out.put("echoRefreshToken", b.echoRefreshToken());
        out.put("reuseDetection", b.reuseDetection());
        out.put("reuseGracePeriodSeconds", b.reuseGracePeriod().toSeconds());
        out.put("reuseGraceAnswer", b.reuseGraceAnswer().name());
        out.put("refreshTokenMaxAgeSeconds", b.refreshTokenMaxAge().map(Duration::toSeconds).orElse(null));
        out.put("announceRefreshTokenExpiry", b.announceRefreshTokenExpiry());
        out.put("refreshTokenIdleTimeoutSeconds", b.refreshTokenIdleTimeout().map(Duration::toSeconds).orElse(null));
        out.put("issuedBeforeResponseSeconds", b.issuedBeforeResponse().toSeconds());
        out.put("clockSkewSeconds", b.clockSkew().toSeconds());
        out.put("omitExpiresIn", b.omitExpiresIn());
        out.put("returnScope", b.returnScope());
        out.put("errorStyle", b.errorStyle().name());
        out.put("offlineAccessRule", b.offlineAccessRule().name());
        out.put("refreshTokenOnlyOnFirstConsent", b.refreshTokenOnlyOnFirstConsent());
        Map<String, Object> consent = new LinkedHashMap<>();
        consent.put("decision", b.consent().decision().name());
        consent.put("scopes", new ArrayList<>(b.consent().allowedScopes()));
        out.put("consent", consent);
        out.put("consentUser", b.consentUser());
        out.put("newConsentRevokesPreviousGrants", b.newConsentRevokesPreviousGrants());
        out.put("maxGrantsPerUser", b.maxGrantsPerUser());
        out.put("requirePkce", b.requirePkce());
        out.put("latencyMillis", b.latency().toMillis());
        out.put("simulatedLatencyMillis", b.simulatedLatency().toMillis());
        out.put("queuedFailures", b.queuedFailures().size());
        out.put("randomFailures", b.randomFailures().map(r -> Map.of("serverErrorRatio", r.serverErrorRatio(),
                "timeoutRatio", r.timeoutRatio(), "timeoutHoldMillis", r.timeoutHold().toMillis(), "seed", r.seed()))
                .orElse(null));
        return out;
    }

    static void applyBehaviour(Behaviour b, Map<String, Object> fields) {
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            Object v = f.getValue();
            switch (f.getKey()) {
                case "accessTokenLifetimeSeconds" -> b.accessTokenLifetime(seconds(v));
                case "accessTokenFormat" -> b.accessTokenFormat(AccessTokenFormat.valueOf(v.toString()));
                case "rotateRefreshTokens" -> b.rotateRefreshTokens(bool(v));
                case "echoRefreshToken" -> b.echoRefreshToken(bool(v));
                case "reuseDetection" -> b.reuseDetection(bool(v));
                case "reuseGracePeriodSeconds" -> b.reuseGracePeriod(seconds(v));
                case "reuseGraceAnswer" -> b.reuseGraceAnswer(ReuseGraceAnswer.valueOf(v.toString()));
                case "refreshTokenMaxAgeSeconds" -> b.refreshTokenMaxAge(v == null ? null : seconds(v));
                case "announceRefreshTokenExpiry" -> b.announceRefreshTokenExpiry(bool(v));
                case "refreshTokenIdleTimeoutSeconds" -> b.refreshTokenIdleTimeout(v == null ? null : seconds(v));
                case "issuedBeforeResponseSeconds" -> b.issuedBeforeResponse(seconds(v));
                case "clockSkewSeconds" -> b.clockSkew(seconds(v));
                case "omitExpiresIn" -> b.omitExpiresIn(bool(v));
                case "returnScope" -> b.returnScope(bool(v));
                case "errorStyle" -> b.errorStyle(ErrorStyle.valueOf(v.toString()));
                case "offlineAccessRule" -> b.offlineAccessRule(OfflineAccessRule.valueOf(v.toString()));
                case "refreshTokenOnlyOnFirstConsent" -> b.refreshTokenOnlyOnFirstConsent(bool(v));
                case "consent" -> b.consent(consent(cast((Map<?, ?>) v)));
                case "consentUser" -> b.consentUser(v.toString());
                case "newConsentRevokesPreviousGrants" -> b.newConsentRevokesPreviousGrants(bool(v));
                case "maxGrantsPerUser" -> b.maxGrantsPerUser(((Number) v).intValue());
                case "requirePkce" -> b.requirePkce(bool(v));
                case "latencyMillis" -> b.latency(Duration.ofMillis(((Number) v).longValue()));
                case "simulatedLatencyMillis" -> b.simulatedLatency(Duration.ofMillis(((Number) v).longValue()));
                case "randomFailures" -> b.randomFailures(v == null ? null : randomFailures(cast((Map<?, ?>) v)));
                case "failures" -> ((Collection<?>) v).forEach(item -> enqueue(b, cast((Map<?, ?>) item)));
                case "clearFailures" -> {
                    if (bool(v)) {
                        b.clearFailures();
                    }
                }
                case "queuedFailures" -> {
                    // read-only, echoed by GET
                }
                default -> throw new ControlError(400, "unknown behaviour field: " + f.getKey());
            }
        }
    }

    private static Consent consent(Map<String, Object> c) {
        Consent.Decision decision = Consent.Decision.valueOf(c.get("decision").toString());
        return switch (decision) {
            case GRANT_ALL -> Consent.grantAll();
            case DENY -> Consent.deny();
            case GRANT_SUBSET -> Consent.grantOnly(strings(c, "scopes").toArray(String[]::new));
        };
    }

    private static RandomFailures randomFailures(Map<String, Object> r) {
        return new RandomFailures(number(r, "serverErrorRatio", 0).doubleValue(), number(r, "timeoutRatio", 0).doubleValue(),
                Duration.ofMillis(number(r, "timeoutHoldMillis", 30_000).longValue()), number(r, "seed", 1).longValue());
    }

    private static void enqueue(Behaviour b, Map<String, Object> f) {
        int count = number(f, "count", 1).intValue();
        boolean processed = Boolean.TRUE.equals(f.get("processed"));
        InjectedFailure failure = switch (f.get("type").toString()) {
            case "server_error" -> InjectedFailure.serverError(number(f, "status", 503).intValue());
            case "rate_limited" -> InjectedFailure.rateLimited(Duration.ofSeconds(number(f, "retryAfterSeconds", 1).longValue()));
            case "timeout" -> new InjectedFailure.Timeout(Duration.ofMillis(number(f, "holdMillis", 30_000).longValue()), processed);
            case "disconnect" -> new InjectedFailure.Disconnect(processed);
            default -> throw new ControlError(400, "unknown failure type: " + f.get("type"));
        };
        for (int i = 0; i < count; i++) {
            b.enqueue(failure);
        }
    }

    private static Map<String, Object> grantJson(GrantSnapshot g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("grantId", g.id());
        out.put("clientId", g.clientId());
        out.put("userId", g.userId().orElse(null));
        out.put("scopes", new ArrayList<>(g.scopes()));
        out.put("createdAt", g.createdAt().toString());
        out.put("alive", g.alive());
        out.put("endReason", g.endReason().map(Enum::name).orElse(null));
        out.put("currentRefreshToken", g.currentRefreshToken().orElse(null));
        out.put("refreshTokensIssued", g.refreshTokensIssued());
        return out;
    }

    private static Answer ok(Map<String, Object> body) {
        return Answer.json(200, body);
    }

    private static Map<String, Object> body(HttpCall call) {
        String text = call.bodyText();
        if (text.isBlank()) {
            return Map.of();
        }
        try {
            return Json.parseObject(text);
        } catch (ParseException e) {
            throw new ControlError(400, "body is not a JSON object");
        }
    }

    private static Optional<Duration> duration(Map<String, Object> body, String prefix) {
        if (body.get(prefix + "seconds") instanceof Number s) {
            return Optional.of(Duration.ofMillis(Math.round(s.doubleValue() * 1000)));
        }
        if (body.get(prefix + "millis") instanceof Number m) {
            return Optional.of(Duration.ofMillis(m.longValue()));
        }
        return Optional.empty();
    }

    private static Duration seconds(Object v) {
        return Duration.ofMillis(Math.round(((Number) v).doubleValue() * 1000));
    }

    private static boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new ControlError(400, "expected a boolean, got " + v);
    }

    private static String string(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            throw new ControlError(400, name + " required");
        }
        return v.toString();
    }

    private static Number number(Map<String, Object> body, String name, Number fallback) {
        Object v = body.get(name);
        return v instanceof Number num ? num : fallback;
    }

    private static List<String> strings(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(Object::toString).toList();
        }
        throw new ControlError(400, name + " must be an array");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
