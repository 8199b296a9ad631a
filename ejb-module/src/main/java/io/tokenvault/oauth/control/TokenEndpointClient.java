package io.tokenvault.oauth.control;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Talks to a provider's token endpoint (RFC 6749) and revocation endpoint (RFC 7009) with the
 * Nimbus OAuth 2.0 SDK, and turns every answer, or the lack of one, into an outcome value:
 * {@link TokenResponseOutcome.Issued}, {@link TokenResponseOutcome.Rejected} or
 * {@link TokenResponseOutcome.Unavailable}. It never throws for anything a provider or the network
 * does, never retries, and never logs or puts into a message a token or secret value (only the
 * endpoint's host, the HTTP status and error codes).
 *
 * <p>Expiry is conservative. The clock is read just before the request is sent ({@code sentAt})
 * and {@code expires_in} counts from there, not from when the answer arrived. When the access
 * token is a JWT with {@code exp}, that {@code exp} is on the provider's clock: it is moved onto
 * ours by the offset between the answer's {@code Date} header and {@code sentAt} (no {@code Date}:
 * no offset), and the earlier of the two expiries wins, which catches a token issued before the
 * answer was made. Then the skew margin is taken off (at most half the token's lifetime, so a
 * short-lived token is not born expired). An answer with neither {@code expires_in} nor a JWT
 * {@code exp} is assumed to live one hour and is flagged
 * {@link TokenResponseOutcome.Issued.ExpirySource#ASSUMED_DEFAULT}.
 *
 * <p>Thread-safe; one instance can serve the whole application. HTTP goes through
 * {@code java.net.http} (HTTP/1.1, redirects not followed, no automatic retry of a POST).
 */
public final class TokenEndpointClient {

    private static final Logger LOG = Logger.getLogger(TokenEndpointClient.class.getName());

    private final Clock clock;
    private final HttpClientSender sender;
    private final OutcomeReader reader;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    /**
     * @param clock            our clock; read once per request, just before sending
     * @param connectTimeout   how long to wait for the TCP connection
     * @param readTimeout      how long to wait for the answer once connected
     * @param expirySkewMargin taken off every computed expiry (e.g. one minute)
     */
    public TokenEndpointClient(Clock clock, Duration connectTimeout, Duration readTimeout, Duration expirySkewMargin) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        this.readTimeout = positive(readTimeout, "readTimeout");
        Objects.requireNonNull(expirySkewMargin, "expirySkewMargin");
        if (expirySkewMargin.isNegative()) {
            throw new IllegalArgumentException("expirySkewMargin must not be negative");
        }
        this.sender = new HttpClientSender(connectTimeout, readTimeout);
        this.reader = new OutcomeReader(expirySkewMargin);
    }

    /** Refreshes an access token ({@code grant_type=refresh_token}). */
    public TokenResponseOutcome refresh(ClientCredentials client, URI tokenEndpoint, String refreshToken) {
        Objects.requireNonNull(refreshToken, "refreshToken");
        return token(client, tokenEndpoint, new RefreshTokenGrant(new RefreshToken(refreshToken)), null, "refresh");
    }

    /**
     * Exchanges an authorization code ({@code grant_type=authorization_code}).
     *
     * @param codeVerifier the PKCE verifier of the authorization request, {@code null} if none was used
     */
    public TokenResponseOutcome exchangeCode(ClientCredentials client, URI tokenEndpoint, String code, URI redirectUri,
                                             String codeVerifier) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(redirectUri, "redirectUri");
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri,
                codeVerifier == null ? null : new CodeVerifier(codeVerifier));
        return token(client, tokenEndpoint, grant, null, "code exchange");
    }

    /**
     * Obtains a token for the client itself ({@code grant_type=client_credentials}); used to verify a
     * new client secret before it is promoted.
     */
    public TokenResponseOutcome clientCredentials(ClientCredentials client, URI tokenEndpoint, Set<String> scopes) {
        Objects.requireNonNull(scopes, "scopes");
        Scope scope = scopes.isEmpty() ? null : new Scope(scopes.toArray(String[]::new));
        return token(client, tokenEndpoint, new ClientCredentialsGrant(), scope, "client credentials");
    }

    /**
     * Revokes a token (RFC 7009); {@code isRefreshToken} sets {@code token_type_hint}. Providers
     * revoke the whole grant for a refresh token, and usually for an access token too.
     */
    public RevocationOutcome revoke(ClientCredentials client, URI revocationEndpoint, String token, boolean isRefreshToken) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(revocationEndpoint, "revocationEndpoint");
        Objects.requireNonNull(token, "token");
        Token typed = isRefreshToken ? new RefreshToken(token) : new BearerAccessToken(token);
        return send(revocationEndpoint, "revocation", client,
                auth -> auth == null
                        ? new TokenRevocationRequest(revocationEndpoint, new ClientID(client.clientId()), typed).toHTTPRequest()
                        : new TokenRevocationRequest(revocationEndpoint, auth, typed).toHTTPRequest(),
                reader::revocation, RevocationOutcome.class);
    }

    private TokenResponseOutcome token(ClientCredentials client, URI tokenEndpoint, AuthorizationGrant grant, Scope scope,
                                       String operation) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        return send(tokenEndpoint, operation, client,
                auth -> auth == null
                        ? new TokenRequest(tokenEndpoint, new ClientID(client.clientId()), grant, scope).toHTTPRequest()
                        : new TokenRequest(tokenEndpoint, auth, grant, scope).toHTTPRequest(),
                reader::token, TokenResponseOutcome.class);
    }

    /** Builds the request with the client's authentication, sends it, and reads the answer. */
    private <T> T send(URI endpoint, String operation, ClientCredentials client,
                       Function<ClientAuthentication, HTTPRequest> build, Answer<T> read, Class<T> type) {
        HTTPRequest request;
        Secret secret = client.secret() == null ? null : new Secret(client.secret().reveal());
        try {
            ClientID id = new ClientID(client.clientId());
            ClientAuthentication auth = switch (client.authMethod()) {
                case CLIENT_SECRET_BASIC -> new ClientSecretBasic(id, secret);
                case CLIENT_SECRET_POST -> new ClientSecretPost(id, secret);
                case NONE -> null;
            };
            request = build.apply(auth);
        } finally {
            if (secret != null) {
                secret.erase();
            }
        }
        request.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        request.setReadTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));

        Instant sentAt = clock.instant();
        HTTPResponse response;
        try {
            response = request.send(sender);
        } catch (HttpTimeoutException e) {
            log(Level.INFO, operation, endpoint, "timed out");
            return type.cast(new TokenResponseOutcome.Unavailable(TokenResponseOutcome.Unavailable.Kind.TIMEOUT, 0,
                    Optional.empty()));
        } catch (IOException e) {
            log(Level.INFO, operation, endpoint, "failed: " + e.getClass().getSimpleName());
            return type.cast(new TokenResponseOutcome.Unavailable(TokenResponseOutcome.Unavailable.Kind.NETWORK, 0,
                    Optional.empty()));
        }
        T outcome = read.read(response, sentAt);
        if (outcome instanceof TokenResponseOutcome.Rejected rejected) {
            log(Level.INFO, operation, endpoint, "refused: HTTP " + rejected.httpStatus() + " " + rejected.error()
                    + rejected.subtype().map(s -> "/" + s).orElse("") + " " + rejected.providerCodes());
        } else if (outcome instanceof TokenResponseOutcome.Unavailable unavailable) {
            log(Level.INFO, operation, endpoint, "unavailable: " + unavailable.kind() + " HTTP " + unavailable.httpStatus());
        } else {
            log(Level.FINE, operation, endpoint, "succeeded: HTTP " + response.getStatusCode());
        }
        return outcome;
    }

    @FunctionalInterface
    private interface Answer<T> {
        T read(HTTPResponse response, Instant sentAt);
    }

    private static void log(Level level, String operation, URI endpoint, String what) {
        if (LOG.isLoggable(level)) {
            LOG.log(level, () -> "OAuth " + operation + " at " + endpoint.getHost() + " " + what);
        }
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }
}
