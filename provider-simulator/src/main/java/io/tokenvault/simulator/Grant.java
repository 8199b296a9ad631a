package io.tokenvault.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One authorization a user (or, for client credentials, the client itself) gave a client: its
 * scopes, its current tokens and the refresh tokens it spent. Mutable state is guarded by the
 * grant's own monitor, so refreshes of different grants never contend.
 */
final class Grant {

    final String id;
    final String clientId;
    final String userId;
    final Set<String> scopes;
    final Instant createdAt;

    private String currentRefreshToken;
    private String currentAccessToken;
    private final Map<String, Instant> spentRefreshTokens = new LinkedHashMap<>();
    private Instant lastActiveAt;
    private Refusal endReason;
    private ProviderError endError;
    private Refusal forcedRefusal;
    private ProviderError forcedError;
    private Map<String, Object> lastResponse;
    private int refreshTokensIssued;

    Grant(String id, String clientId, String userId, Set<String> scopes, Instant createdAt) {
        this.id = id;
        this.clientId = clientId;
        this.userId = userId;
        this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        this.createdAt = createdAt;
        this.lastActiveAt = createdAt;
    }

    /** The JWT {@code sub}: the user, or the client for client credentials. */
    String subject() {
        return userId == null ? clientId : userId;
    }

    synchronized boolean alive() {
        return endReason == null;
    }

    synchronized boolean hasRefreshToken() {
        return currentRefreshToken != null;
    }

    synchronized Optional<Refusal> endReason() {
        return Optional.ofNullable(endReason);
    }

    synchronized Optional<ProviderError> endError() {
        return Optional.ofNullable(endError);
    }

    /** Kills the grant (every token of it); the first reason sticks. Returns whether it was alive. */
    synchronized boolean end(Refusal reason, ProviderError error) {
        if (endReason != null) {
            return false;
        }
        endReason = reason;
        endError = error;
        return true;
    }

    synchronized void force(Refusal refusal, ProviderError error) {
        forcedRefusal = refusal;
        forcedError = error;
    }

    synchronized Optional<Refusal> forcedRefusal() {
        return Optional.ofNullable(forcedRefusal);
    }

    synchronized Optional<ProviderError> forcedError() {
        return Optional.ofNullable(forcedError);
    }

    synchronized String currentRefreshToken() {
        return currentRefreshToken;
    }

    synchronized String currentAccessToken() {
        return currentAccessToken;
    }

    synchronized void currentAccessToken(String token) {
        currentAccessToken = token;
    }

    /** Makes {@code token} current; the previous current one becomes spent at {@code now}. */
    synchronized void rotateTo(String token, Instant now) {
        if (currentRefreshToken != null) {
            spentRefreshTokens.put(currentRefreshToken, now);
        }
        currentRefreshToken = token;
        refreshTokensIssued++;
    }

    synchronized Optional<Instant> spentAt(String refreshToken) {
        return Optional.ofNullable(spentRefreshTokens.get(refreshToken));
    }

    synchronized Instant lastActiveAt() {
        return lastActiveAt;
    }

    synchronized void activeAt(Instant now) {
        lastActiveAt = now;
    }

    synchronized Map<String, Object> lastResponse() {
        return lastResponse;
    }

    synchronized void lastResponse(Map<String, Object> response) {
        lastResponse = response;
    }

    synchronized GrantSnapshot snapshot() {
        return new GrantSnapshot(id, clientId, Optional.ofNullable(userId), scopes, createdAt, endReason == null,
                Optional.ofNullable(endReason), Optional.ofNullable(currentRefreshToken),
                Optional.ofNullable(currentAccessToken), refreshTokensIssued, lastActiveAt);
    }
}
