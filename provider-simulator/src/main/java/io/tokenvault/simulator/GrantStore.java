package io.tokenvault.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Every grant, token and authorization code the simulator issued. Grant creation is serialized
 * (it may supersede or evict other grants of the same user); everything about one grant happens
 * under that grant's monitor; a grant lock is never held while taking this store's lock.
 */
final class GrantStore {

    /** What a token answer does with the refresh token. */
    enum RefreshTokenMode {
        /** Mint a new refresh token; the current one, if any, becomes spent. */
        NEW,
        /** Repeat the current refresh token in the answer. */
        ECHO,
        /** Leave {@code refresh_token} out. */
        NONE
    }

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Map<String, TokenRecord> tokens = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final TokenMinter minter;
    private final Clock clock;
    private final String issuer;

    GrantStore(TokenMinter minter, Clock clock, String issuer) {
        this.minter = minter;
        this.clock = clock;
        this.issuer = issuer;
    }

    /**
     * Records a new grant. When it will hold a refresh token, earlier grants of the same user and
     * client are superseded or evicted as the client's behaviour says.
     */
    synchronized Grant create(SimulatedClient client, String userId, Set<String> scopes, boolean withRefreshToken) {
        Grant grant = new Grant("grant-" + sequence.incrementAndGet(), client.clientId(), userId, scopes, clock.instant());
        Behaviour behaviour = client.behaviour();
        if (withRefreshToken && userId != null) {
            List<Grant> live = grants.values().stream()
                    .filter(g -> g.clientId.equals(client.clientId()) && userId.equals(g.userId))
                    .filter(g -> g.alive() && g.hasRefreshToken())
                    .sorted(Comparator.comparing((Grant g) -> g.createdAt).thenComparing(g -> sequenceOf(g.id)))
                    .toList();
            if (behaviour.newConsentRevokesPreviousGrants()) {
                live.forEach(g -> g.end(Refusal.SUPERSEDED, null));
            } else if (behaviour.maxGrantsPerUser() > 0) {
                int excess = live.size() + 1 - behaviour.maxGrantsPerUser();
                for (int i = 0; i < excess; i++) {
                    live.get(i).end(Refusal.GRANT_EVICTED, null);
                }
            }
        }
        grants.put(grant.id, grant);
        return grant;
    }

    private static long sequenceOf(String grantId) {
        return Long.parseLong(grantId.substring("grant-".length()));
    }

    /**
     * Mints an access token (and a refresh token as {@code mode} says) for {@code grant} and
     * returns the token answer's JSON members. Call while holding the grant's monitor.
     */
    Map<String, Object> issue(Grant grant, Behaviour behaviour, RefreshTokenMode mode, Set<String> responseScopes) {
        Instant now = clock.instant();
        Instant issuedAt = now.minus(behaviour.issuedBeforeResponse());
        Duration lifetime = behaviour.accessTokenLifetime();
        Instant expiresAt = issuedAt.plus(lifetime);
        Duration skew = behaviour.clockSkew();
        String accessToken = behaviour.accessTokenFormat() == AccessTokenFormat.JWT
                ? minter.jwt(issuer, grant.subject(), grant.clientId, responseScopes, issuedAt.plus(skew), expiresAt.plus(skew))
                : minter.opaque(accessPrefix(behaviour.errorStyle()));
        tokens.put(accessToken, new TokenRecord(TokenRecord.Kind.ACCESS, grant, issuedAt, expiresAt, responseScopes));
        grant.currentAccessToken(accessToken);

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", accessToken);
        answer.put("token_type", "Bearer");
        if (!behaviour.omitExpiresIn()) {
            answer.put("expires_in", lifetime.toSeconds());
        }
        switch (mode) {
            case NEW -> {
                String refreshToken = minter.opaque(refreshPrefix(behaviour.errorStyle()));
                tokens.put(refreshToken, new TokenRecord(TokenRecord.Kind.REFRESH, grant, now, null, grant.scopes));
                grant.rotateTo(refreshToken, now);
                answer.put("refresh_token", refreshToken);
            }
            case ECHO -> answer.put("refresh_token", grant.currentRefreshToken());
            case NONE -> {
                // the provider keeps the current refresh token without repeating it
            }
        }
        if (behaviour.returnScope() && !responseScopes.isEmpty()) {
            answer.put("scope", String.join(" ", responseScopes));
        }
        Optional<Duration> maxAge = behaviour.refreshTokenMaxAge();
        if (behaviour.announceRefreshTokenExpiry() && maxAge.isPresent() && grant.hasRefreshToken()) {
            long remaining = Duration.between(now, grant.createdAt.plus(maxAge.get())).toSeconds();
            answer.put("refresh_token_expires_in", Math.max(0, remaining));
        }
        grant.lastResponse(Map.copyOf(answer));
        return answer;
    }

    private static String accessPrefix(ErrorStyle style) {
        return switch (style) {
            case GOOGLE -> "ya29.";
            case MICROSOFT -> "EwB";
            case GENERIC -> "at_";
        };
    }

    private static String refreshPrefix(ErrorStyle style) {
        return switch (style) {
            case GOOGLE -> "1//0";
            case MICROSOFT -> "0.A";
            case GENERIC -> "rt_";
        };
    }

    void putCode(String code, AuthorizationCode authorizationCode) {
        codes.put(code, authorizationCode);
    }

    String newCode() {
        return minter.opaque("code_");
    }

    Optional<AuthorizationCode> code(String code) {
        return Optional.ofNullable(codes.get(code));
    }

    Optional<TokenRecord> token(String value) {
        return Optional.ofNullable(tokens.get(value));
    }

    Optional<Grant> grant(String grantId) {
        return Optional.ofNullable(grants.get(grantId));
    }

    List<Grant> grants(Predicate<Grant> filter) {
        return grants.values().stream().filter(filter)
                .sorted(Comparator.comparing(g -> sequenceOf(g.id))).toList();
    }

    /** Ends every live grant matching {@code filter}; returns how many died. */
    int end(Predicate<Grant> filter, Refusal reason, ProviderError error) {
        int count = 0;
        for (Grant g : grants.values()) {
            if (filter.test(g) && g.end(reason, error)) {
                count++;
            }
        }
        return count;
    }

    /** Every token and code value ever issued. */
    Set<String> issuedValues() {
        Set<String> all = new HashSet<>(tokens.keySet());
        all.addAll(codes.keySet());
        return all;
    }
}
