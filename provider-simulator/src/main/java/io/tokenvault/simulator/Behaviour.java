package io.tokenvault.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * How the simulated provider treats one client. Every field can change while requests are in
 * flight (each field is read once per request); setters return {@code this} for chaining.
 *
 * <p>Defaults describe a well-behaved RFC 6749 provider: opaque access tokens valid one hour,
 * refresh tokens that neither rotate nor expire, {@link ErrorStyle#GENERIC} errors, a refresh
 * token on every code exchange, consent to every scope, no injected failures.
 */
public final class Behaviour {

    private volatile Duration accessTokenLifetime = Duration.ofHours(1);
    private volatile AccessTokenFormat accessTokenFormat = AccessTokenFormat.OPAQUE;
    private volatile boolean rotateRefreshTokens;
    private volatile boolean echoRefreshToken;
    private volatile boolean reuseDetection;
    private volatile Duration reuseGracePeriod = Duration.ZERO;
    private volatile ReuseGraceAnswer reuseGraceAnswer = ReuseGraceAnswer.CURRENT_TOKENS;
    private volatile Duration refreshTokenMaxAge;
    private volatile boolean announceRefreshTokenExpiry;
    private volatile Duration refreshTokenIdleTimeout;
    private volatile Duration issuedBeforeResponse = Duration.ZERO;
    private volatile Duration clockSkew = Duration.ZERO;
    private volatile boolean omitExpiresIn;
    private volatile boolean returnScope = true;
    private volatile ErrorStyle errorStyle = ErrorStyle.GENERIC;

    private volatile OfflineAccessRule offlineAccessRule = OfflineAccessRule.ALWAYS;
    private volatile boolean refreshTokenOnlyOnFirstConsent;
    private volatile Consent consent = Consent.grantAll();
    private volatile String consentUser = "user-1";
    private volatile boolean newConsentRevokesPreviousGrants;
    private volatile int maxGrantsPerUser;
    private volatile boolean requirePkce;

    private volatile Duration latency = Duration.ZERO;
    private volatile Duration simulatedLatency = Duration.ZERO;
    private final ConcurrentLinkedQueue<InjectedFailure> failures = new ConcurrentLinkedQueue<>();
    private volatile RandomFailures randomFailures;
    private volatile Random random;

    // ---- tokens

    /** Lifetime of issued access tokens (the {@code expires_in} reported); default one hour. */
    public Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    public Behaviour accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = positive(lifetime, "lifetime");
        return this;
    }

    public AccessTokenFormat accessTokenFormat() {
        return accessTokenFormat;
    }

    /** Opaque (default) or signed JWT access tokens carrying {@code iat}/{@code exp}. */
    public Behaviour accessTokenFormat(AccessTokenFormat format) {
        this.accessTokenFormat = Objects.requireNonNull(format, "format");
        return this;
    }

    public boolean rotateRefreshTokens() {
        return rotateRefreshTokens;
    }

    /** Every refresh returns a new refresh token and spends the presented one. */
    public Behaviour rotateRefreshTokens(boolean rotate) {
        this.rotateRefreshTokens = rotate;
        return this;
    }

    public boolean echoRefreshToken() {
        return echoRefreshToken;
    }

    /**
     * Without rotation, a refresh answer repeats the presented refresh token instead of omitting
     * {@code refresh_token} (the default, as Google does).
     */
    public Behaviour echoRefreshToken(boolean echo) {
        this.echoRefreshToken = echo;
        return this;
    }

    public boolean reuseDetection() {
        return reuseDetection;
    }

    /**
     * A spent rotated refresh token presented again (after any grace period) revokes the whole
     * grant, every access and refresh token of it (RFC 9700 §4.14.2). Without it the replay just
     * gets {@code invalid_grant} and the grant lives on.
     */
    public Behaviour reuseDetection(boolean detect) {
        this.reuseDetection = detect;
        return this;
    }

    public Duration reuseGracePeriod() {
        return reuseGracePeriod;
    }

    /**
     * For this long (simulator clock) after its rotation, a spent refresh token is still accepted
     * and answered as {@link #reuseGraceAnswer()} says; zero (default) disables the grace.
     */
    public Behaviour reuseGracePeriod(Duration grace) {
        this.reuseGracePeriod = notNegative(grace, "grace");
        return this;
    }

    public ReuseGraceAnswer reuseGraceAnswer() {
        return reuseGraceAnswer;
    }

    public Behaviour reuseGraceAnswer(ReuseGraceAnswer answer) {
        this.reuseGraceAnswer = Objects.requireNonNull(answer, "answer");
        return this;
    }

    public Optional<Duration> refreshTokenMaxAge() {
        return Optional.ofNullable(refreshTokenMaxAge);
    }

    /**
     * Refresh tokens die this long after the consent that created their grant, measured on the
     * simulator clock (Google "Testing" apps: seven days); {@code null} means never.
     */
    public Behaviour refreshTokenMaxAge(Duration maxAge) {
        this.refreshTokenMaxAge = maxAge == null ? null : positive(maxAge, "maxAge");
        return this;
    }

    public boolean announceRefreshTokenExpiry() {
        return announceRefreshTokenExpiry;
    }

    /** With a max age, token responses carry {@code refresh_token_expires_in} (as Google now does). */
    public Behaviour announceRefreshTokenExpiry(boolean announce) {
        this.announceRefreshTokenExpiry = announce;
        return this;
    }

    public Optional<Duration> refreshTokenIdleTimeout() {
        return Optional.ofNullable(refreshTokenIdleTimeout);
    }

    /** A grant not refreshed for this long dies ({@link Refusal#EXPIRED_FOR_INACTIVITY}); {@code null}: never. */
    public Behaviour refreshTokenIdleTimeout(Duration idle) {
        this.refreshTokenIdleTimeout = idle == null ? null : positive(idle, "idle");
        return this;
    }

    public Duration issuedBeforeResponse() {
        return issuedBeforeResponse;
    }

    /**
     * Access tokens count their life from this long before the answer: {@code expires_in} still
     * reports the full lifetime, yet the token dies that much earlier (a cached or pre-minted token).
     */
    public Behaviour issuedBeforeResponse(Duration shift) {
        this.issuedBeforeResponse = notNegative(shift, "shift");
        return this;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    /**
     * The provider's clock runs this far ahead (positive) or behind (negative) the simulator
     * clock: its {@code Date} header and JWT {@code iat}/{@code exp} are shifted by it.
     */
    public Behaviour clockSkew(Duration skew) {
        this.clockSkew = Objects.requireNonNull(skew, "skew");
        return this;
    }

    public boolean omitExpiresIn() {
        return omitExpiresIn;
    }

    /** Token responses leave out {@code expires_in} (allowed by RFC 6749, seen in the wild). */
    public Behaviour omitExpiresIn(boolean omit) {
        this.omitExpiresIn = omit;
        return this;
    }

    public boolean returnScope() {
        return returnScope;
    }

    /** Token responses list the granted scopes in {@code scope} (default true). */
    public Behaviour returnScope(boolean include) {
        this.returnScope = include;
        return this;
    }

    public ErrorStyle errorStyle() {
        return errorStyle;
    }

    public Behaviour errorStyle(ErrorStyle style) {
        this.errorStyle = Objects.requireNonNull(style, "style");
        return this;
    }

    // ---- consent

    public OfflineAccessRule offlineAccessRule() {
        return offlineAccessRule;
    }

    /** When a code exchange yields a refresh token (Google {@code access_type}, Microsoft {@code offline_access}). */
    public Behaviour offlineAccessRule(OfflineAccessRule rule) {
        this.offlineAccessRule = Objects.requireNonNull(rule, "rule");
        return this;
    }

    public boolean refreshTokenOnlyOnFirstConsent() {
        return refreshTokenOnlyOnFirstConsent;
    }

    /**
     * Google: a user who already holds a live grant with a refresh token for this client gets no
     * new refresh token on re-authorization unless the request carried {@code prompt=consent}.
     */
    public Behaviour refreshTokenOnlyOnFirstConsent(boolean onlyFirst) {
        this.refreshTokenOnlyOnFirstConsent = onlyFirst;
        return this;
    }

    public Consent consent() {
        return consent;
    }

    /** What the simulated user answers on the consent screen. */
    public Behaviour consent(Consent decision) {
        this.consent = Objects.requireNonNull(decision, "decision");
        return this;
    }

    public String consentUser() {
        return consentUser;
    }

    /**
     * The user who signs in at the authorization endpoint when the request names none
     * ({@code sim_user} or {@code login_hint} parameter); default {@code user-1}.
     */
    public Behaviour consentUser(String userId) {
        this.consentUser = Objects.requireNonNull(userId, "userId");
        return this;
    }

    public boolean newConsentRevokesPreviousGrants() {
        return newConsentRevokesPreviousGrants;
    }

    /**
     * A new consent of a user (e.g. for more scopes) revokes that user's earlier grants for this
     * client ({@link Refusal#SUPERSEDED}); off by default, as providers differ.
     */
    public Behaviour newConsentRevokesPreviousGrants(boolean revoke) {
        this.newConsentRevokesPreviousGrants = revoke;
        return this;
    }

    public int maxGrantsPerUser() {
        return maxGrantsPerUser;
    }

    /**
     * At most this many live grants per user for this client; a new one evicts the oldest
     * ({@link Refusal#GRANT_EVICTED}; Google keeps 100). Zero (default): unlimited.
     */
    public Behaviour maxGrantsPerUser(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0");
        }
        this.maxGrantsPerUser = max;
        return this;
    }

    public boolean requirePkce() {
        return requirePkce;
    }

    /** Authorization requests without an S256 {@code code_challenge} are refused (default: PKCE optional but verified). */
    public Behaviour requirePkce(boolean require) {
        this.requirePkce = require;
        return this;
    }

    // ---- failures

    public Duration latency() {
        return latency;
    }

    /** Real-time delay before every token or revocation call of this client is served. */
    public Behaviour latency(Duration delay) {
        this.latency = notNegative(delay, "delay");
        return this;
    }

    public Duration simulatedLatency() {
        return simulatedLatency;
    }

    /**
     * The simulator clock advances by this much while each token or revocation call of this
     * client is served, before the answer is made: a slow provider in simulated time, without
     * waiting. Meant for a test whose code under test shares the clock (e.g. to show that expiry
     * counts from when a request was sent).
     */
    public Behaviour simulatedLatency(Duration delay) {
        this.simulatedLatency = notNegative(delay, "delay");
        return this;
    }

    /** Queues failures played, in order, by this client's next token or revocation calls. */
    public Behaviour enqueue(InjectedFailure... next) {
        for (InjectedFailure f : next) {
            failures.add(Objects.requireNonNull(f, "failure"));
        }
        return this;
    }

    /** The next {@code count} calls get HTTP {@code status} (500, 502, 503, ...). */
    public Behaviour failNext(int count, int status) {
        for (int i = 0; i < count; i++) {
            failures.add(InjectedFailure.serverError(status));
        }
        return this;
    }

    /** The next {@code count} calls get 429 with {@code Retry-After}. */
    public Behaviour rateLimitNext(int count, Duration retryAfter) {
        for (int i = 0; i < count; i++) {
            failures.add(InjectedFailure.rateLimited(retryAfter));
        }
        return this;
    }

    /** The next {@code count} calls are held unprocessed up to {@code maxHold} (see {@link InjectedFailure.Timeout}). */
    public Behaviour timeoutNext(int count, Duration maxHold) {
        for (int i = 0; i < count; i++) {
            failures.add(InjectedFailure.timeout(maxHold));
        }
        return this;
    }

    /** Drops queued failures and random failures. */
    public Behaviour clearFailures() {
        failures.clear();
        randomFailures = null;
        random = null;
        return this;
    }

    /** Failures still queued. */
    public List<InjectedFailure> queuedFailures() {
        return new ArrayList<>(failures);
    }

    public Optional<RandomFailures> randomFailures() {
        return Optional.ofNullable(randomFailures);
    }

    /** Fails calls at random (after the queue is empty); {@code null} switches it off. */
    public synchronized Behaviour randomFailures(RandomFailures spec) {
        this.random = spec == null ? null : new Random(spec.seed());
        this.randomFailures = spec;
        return this;
    }

    /** Shorthand: random 5xx and timeouts (held 30 s) with a seeded random. */
    public Behaviour randomFailures(double serverErrorRatio, double timeoutRatio, long seed) {
        return randomFailures(new RandomFailures(serverErrorRatio, timeoutRatio, Duration.ofSeconds(30), seed));
    }

    /** The failure the next call plays, if any: the queue first, then the random draw. */
    Optional<InjectedFailure> nextFailure() {
        InjectedFailure queued = failures.poll();
        if (queued != null) {
            return Optional.of(queued);
        }
        return drawRandom();
    }

    private synchronized Optional<InjectedFailure> drawRandom() {
        RandomFailures spec = randomFailures;
        Random r = random;
        if (spec == null || r == null) {
            return Optional.empty();
        }
        double draw = r.nextDouble();
        if (draw < spec.serverErrorRatio()) {
            int[] statuses = {500, 502, 503};
            return Optional.of(InjectedFailure.serverError(statuses[r.nextInt(statuses.length)]));
        }
        if (draw < spec.serverErrorRatio() + spec.timeoutRatio()) {
            return Optional.of(InjectedFailure.timeout(spec.timeoutHold()));
        }
        return Optional.empty();
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }

    private static Duration notNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return d;
    }
}
