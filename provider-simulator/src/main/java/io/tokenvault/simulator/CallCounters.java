package io.tokenvault.simulator;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the simulator was asked, for assertions such as "exactly 100 token calls". Thread-safe. */
public final class CallCounters {

    private final Map<Endpoint, LongAdder> endpoints = new EnumMap<>(Endpoint.class);
    private final Map<String, LongAdder> tokenCallsByClient = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refreshCallsByGrant = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refreshCallsByToken = new ConcurrentHashMap<>();
    private final LongAdder refreshCalls = new LongAdder();
    private final LongAdder refreshSuccesses = new LongAdder();
    private final LongAdder refreshFailures = new LongAdder();
    private final LongAdder codeExchanges = new LongAdder();
    private final LongAdder clientCredentialsGrants = new LongAdder();
    private final LongAdder revocations = new LongAdder();
    private final LongAdder injectedFailures = new LongAdder();

    CallCounters() {
        for (Endpoint e : Endpoint.values()) {
            endpoints.put(e, new LongAdder());
        }
    }

    /** HTTP calls received by {@code endpoint}, whatever their outcome. */
    public long calls(Endpoint endpoint) {
        return endpoints.get(endpoint).sum();
    }

    /** HTTP calls received by the token endpoint, whatever their outcome. */
    public long tokenCalls() {
        return calls(Endpoint.TOKEN);
    }

    /** Token endpoint calls that named {@code clientId}. */
    public long tokenCalls(String clientId) {
        return sum(tokenCallsByClient, clientId);
    }

    /** Token endpoint calls with {@code grant_type=refresh_token}. */
    public long refreshCalls() {
        return refreshCalls.sum();
    }

    /** Refresh calls that returned tokens (including answers a timeout then held back). */
    public long refreshSuccesses() {
        return refreshSuccesses.sum();
    }

    /** Refresh calls refused with an OAuth error (not counting injected failures). */
    public long refreshFailures() {
        return refreshFailures.sum();
    }

    /** Refresh calls that presented any refresh token of grant {@code grantId}. */
    public long refreshCallsForGrant(String grantId) {
        return sum(refreshCallsByGrant, grantId);
    }

    /** Refresh calls that presented exactly {@code refreshToken}. */
    public long refreshCallsWithToken(String refreshToken) {
        return sum(refreshCallsByToken, refreshToken);
    }

    public long codeExchanges() {
        return codeExchanges.sum();
    }

    public long clientCredentialsGrants() {
        return clientCredentialsGrants.sum();
    }

    /** Revocation requests that were served (RFC 7009), whatever the token. */
    public long revocations() {
        return revocations.sum();
    }

    /** Calls answered by an injected failure instead of being served. */
    public long injectedFailures() {
        return injectedFailures.sum();
    }

    /** Sets every counter back to zero. */
    public void reset() {
        endpoints.values().forEach(LongAdder::reset);
        tokenCallsByClient.clear();
        refreshCallsByGrant.clear();
        refreshCallsByToken.clear();
        for (LongAdder a : new LongAdder[] {refreshCalls, refreshSuccesses, refreshFailures, codeExchanges,
                clientCredentialsGrants, revocations, injectedFailures}) {
            a.reset();
        }
    }

    /** The totals as a map (per-grant and per-token counts left out). */
    public Map<String, Object> totals() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> byEndpoint = new LinkedHashMap<>();
        endpoints.forEach((e, a) -> byEndpoint.put(e.name(), a.sum()));
        out.put("endpoints", byEndpoint);
        out.put("tokenCalls", tokenCalls());
        out.put("refreshCalls", refreshCalls());
        out.put("refreshSuccesses", refreshSuccesses());
        out.put("refreshFailures", refreshFailures());
        out.put("codeExchanges", codeExchanges());
        out.put("clientCredentialsGrants", clientCredentialsGrants());
        out.put("revocations", revocations());
        out.put("injectedFailures", injectedFailures());
        Map<String, Object> byClient = new LinkedHashMap<>();
        tokenCallsByClient.forEach((c, a) -> byClient.put(c, a.sum()));
        out.put("tokenCallsByClient", byClient);
        return out;
    }

    void call(Endpoint endpoint) {
        endpoints.get(endpoint).increment();
    }

    void tokenCallOf(String clientId) {
        tokenCallsByClient.computeIfAbsent(clientId, k -> new LongAdder()).increment();
    }

    void refreshCall(String refreshToken) {
        refreshCalls.increment();
        refreshCallsByToken.computeIfAbsent(refreshToken, k -> new LongAdder()).increment();
    }

    void refreshCallForGrant(String grantId) {
        refreshCallsByGrant.computeIfAbsent(grantId, k -> new LongAdder()).increment();
    }

    void refreshSucceeded() {
        refreshSuccesses.increment();
    }

    void refreshFailed() {
        refreshFailures.increment();
    }

    void codeExchanged() {
        codeExchanges.increment();
    }

    void clientCredentialsGranted() {
        clientCredentialsGrants.increment();
    }

    void revoked() {
        revocations.increment();
    }

    void injectedFailure() {
        injectedFailures.increment();
    }

    private static long sum(Map<String, LongAdder> map, String key) {
        LongAdder a = map.get(key);
        return a == null ? 0 : a.sum();
    }
}
