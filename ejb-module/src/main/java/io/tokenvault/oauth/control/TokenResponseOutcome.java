package io.tokenvault.oauth.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a provider's token endpoint answered: tokens ({@link Issued}), a refusal the provider
 * meant ({@link Rejected}), or no usable answer at all ({@link Unavailable}).
 */
public sealed interface TokenResponseOutcome
        permits TokenResponseOutcome.Issued, TokenResponseOutcome.Rejected, TokenResponseOutcome.Unavailable {

    /**
     * Tokens were issued.
     *
     * @param accessToken  the access token
     * @param tokenType    {@code token_type} as sent ({@code Bearer} when the provider left it out)
     * @param refreshToken the refresh token, when the answer carried one (a new one after a rotation,
     *                     or the same one repeated); empty means "keep the one you have"
     * @param scopes       the {@code scope} of the answer, split on spaces (and commas, as GitHub writes it);
     *                     empty when the provider did not send it
     * @param expiresAt    conservative expiry on our clock: the earlier of {@code sentAt + expires_in}
     *                     and the JWT {@code exp} translated to our clock, minus the skew margin (at most
     *                     half the lifetime); see {@link TokenEndpointClient}
     * @param sentAt       our clock when the request was sent
     * @param providerDate the provider's {@code Date} header, when present and readable
     * @param expirySource which of the candidates set {@code expiresAt}
     * @param refreshTokenExpiresAt when the refresh token stops working, if the answer said so
     *                     ({@code refresh_token_expires_in}, as Google sends for time-limited grants and Testing apps,
     *                     counted from {@code sentAt})
     */
    record Issued(String accessToken, String tokenType, Optional<String> refreshToken, Set<String> scopes,
                  Instant expiresAt, Instant sentAt, Optional<Instant> providerDate, ExpirySource expirySource,
                  Optional<Instant> refreshTokenExpiresAt)
            implements TokenResponseOutcome {

        /** Where {@link #expiresAt()} came from. */
        public enum ExpirySource {
            /** The answer's {@code expires_in}, counted from {@code sentAt}. */
            EXPIRES_IN,
            /** The access token is a JWT whose {@code exp} was earlier than {@code expires_in} said. */
            JWT_EXP,
            /** Neither {@code expires_in} nor a JWT {@code exp}: an assumed one-hour lifetime. */
            ASSUMED_DEFAULT
        }

        public Issued {
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(tokenType, "tokenType");
            Objects.requireNonNull(refreshToken, "refreshToken");
            scopes = Set.copyOf(scopes);
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(sentAt, "sentAt");
            Objects.requireNonNull(providerDate, "providerDate");
            Objects.requireNonNull(expirySource, "expirySource");
            Objects.requireNonNull(refreshTokenExpiresAt, "refreshTokenExpiresAt");
        }

        /** Whether the expiry is a guess because the provider said nothing about it. */
        public boolean isExpiryAssumed() {
            return expirySource == ExpirySource.ASSUMED_DEFAULT;
        }

        /** Never shows token values. */
        @Override
        public String toString() {
            return "Issued[tokenType=" + tokenType + ", accessToken=****, refreshToken="
                    + (refreshToken.isPresent() ? "****" : "none") + ", scopes=" + scopes + ", expiresAt=" + expiresAt
                    + ", sentAt=" + sentAt + ", providerDate=" + providerDate.map(Instant::toString).orElse("none")
                    + ", expirySource=" + expirySource + ", refreshTokenExpiresAt="
                    + refreshTokenExpiresAt.map(Instant::toString).orElse("unknown") + "]";
        }
    }

    /**
     * The provider refused the request with an OAuth error (RFC 6749 §5.2) or an answer we could
     * not read as one.
     *
     * @param error         the {@code error} code, or {@link #UNRECOGNIZED_RESPONSE} for a 4xx without one
     * @param description   {@code error_description}
     * @param subtype       Google's {@code error_subtype} (e.g. {@code invalid_rapt}), or else
     *                      Microsoft's {@code suberror} (e.g. {@code basic_action}, {@code consent_required})
     * @param providerCodes provider error codes such as {@code AADSTS50076}, from {@code error_codes}
     *                      and the {@code AADSTSnnnnn:} prefix of the description, without duplicates
     * @param httpStatus    the HTTP status (some providers refuse with 200)
     */
    record Rejected(String error, Optional<String> description, Optional<String> subtype, List<String> providerCodes,
                    int httpStatus) implements TokenResponseOutcome, RevocationOutcome {

        /** {@link #error()} of a 4xx answer that carried no OAuth error. */
        public static final String UNRECOGNIZED_RESPONSE = "unrecognized_response";

        public Rejected {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(subtype, "subtype");
            providerCodes = List.copyOf(providerCodes);
        }

        /** {@code invalid_grant}: the grant is dead for this client; a human must re-authorize. */
        public boolean isInvalidGrant() {
            return "invalid_grant".equals(error);
        }

        /**
         * The client itself was not accepted: {@code invalid_client}, or {@code unauthorized_client}
         * as some providers answer (Entra ID for an unknown application).
         */
        public boolean isClientAuthenticationFailure() {
            return "invalid_client".equals(error) || "unauthorized_client".equals(error);
        }

        /** Whether the provider sent {@code code} (e.g. {@code "AADSTS50076"}). */
        public boolean hasProviderCode(String code) {
            return providerCodes.contains(code);
        }
    }

    /**
     * No usable answer: worth retrying later, never a reason to give up on the grant. A refresh
     * that ended {@link Kind#TIMEOUT} or {@link Kind#NETWORK} may still have been served by the
     * provider (the refresh token may have rotated).
     *
     * @param kind       what went wrong
     * @param httpStatus the HTTP status, 0 when there was no answer
     * @param retryAfter the provider's {@code Retry-After}, if it sent one
     */
    record Unavailable(Kind kind, int httpStatus, Optional<Duration> retryAfter)
            implements TokenResponseOutcome, RevocationOutcome {

        /** Why there is no usable answer. */
        public enum Kind {
            /** HTTP 5xx, or a 4xx whose error is {@code server_error} / {@code temporarily_unavailable}. */
            SERVER_ERROR,
            /** No answer within the connect or read timeout (or HTTP 408). */
            TIMEOUT,
            /** HTTP 429. */
            RATE_LIMITED,
            /** Connection refused, reset or closed without an answer, name resolution failed. */
            NETWORK,
            /** A 2xx (or 1xx/3xx) answer that is not a token response. */
            MALFORMED_RESPONSE
        }

        public Unavailable {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }
}
