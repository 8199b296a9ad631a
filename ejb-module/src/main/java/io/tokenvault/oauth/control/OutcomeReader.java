package io.tokenvault.oauth.control;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a provider's HTTP answer into an outcome. Lenient where providers are sloppy
 * ({@code expires_in} as a string, {@code token_type} missing, {@code scope} as an array, an
 * error with HTTP 200), strict where it matters (no {@code access_token}, no usable answer).
 * Never copies a body into a message.
 */
final class OutcomeReader {

    /** The lifetime assumed for an access token whose answer says nothing about it. */
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    private static final Pattern AADSTS_PREFIX = Pattern.compile("^\\s*(AADSTS\\d+)");

    private final Duration skewMargin;

    OutcomeReader(Duration skewMargin) {
        this.skewMargin = skewMargin;
    }

    /** Reads a token endpoint answer to a request sent at {@code sentAt} (our clock). */
    TokenResponseOutcome token(HTTPResponse response, Instant sentAt) {
        int status = response.getStatusCode();
        Optional<Instant> providerDate = httpDate(response.getHeaderValue("Date"));
        Optional<Map<String, Object>> json = jsonObject(response.getBody());
        if (status >= 200 && status < 300) {
            if (json.isPresent() && json.get().get("access_token") instanceof String accessToken && !accessToken.isEmpty()) {
                return issued(json.get(), accessToken, sentAt, providerDate);
            }
            if (json.isPresent() && json.get().get("error") instanceof String) {
                return refusal(json.get(), status, response, providerDate, sentAt);
            }
            return new TokenResponseOutcome.Unavailable(TokenResponseOutcome.Unavailable.Kind.MALFORMED_RESPONSE, status,
                    Optional.empty());
        }
        return failure(response, json, providerDate, sentAt);
    }

    /** Reads a revocation endpoint answer (RFC 7009). */
    RevocationOutcome revocation(HTTPResponse response, Instant sentAt) {
        int status = response.getStatusCode();
        if (status == 200) {
            return new RevocationOutcome.Revoked(status);
        }
        Optional<Map<String, Object>> json = jsonObject(response.getBody());
        if (status == 400 && json.isPresent() && "invalid_token".equals(json.get().get("error"))) {
            return new RevocationOutcome.Revoked(status);
        }
        TokenResponseOutcome outcome = failure(response, json, httpDate(response.getHeaderValue("Date")), sentAt);
        return (RevocationOutcome) outcome;
    }

    /** A non-2xx token or revocation answer: always a Rejected or an Unavailable. */
    private TokenResponseOutcome failure(HTTPResponse response, Optional<Map<String, Object>> json,
                                         Optional<Instant> providerDate, Instant sentAt) {
        int status = response.getStatusCode();
        Optional<Duration> retryAfter = retryAfter(response.getHeaderValue("Retry-After"), providerDate, sentAt);
        if (status == 429) {
            return unavailable(TokenResponseOutcome.Unavailable.Kind.RATE_LIMITED, status, retryAfter);
        }
        if (status == 408) {
            return unavailable(TokenResponseOutcome.Unavailable.Kind.TIMEOUT, status, retryAfter);
        }
        if (status >= 500) {
            return unavailable(TokenResponseOutcome.Unavailable.Kind.SERVER_ERROR, status, retryAfter);
        }
        if (status >= 400) {
            if (json.isPresent() && json.get().get("error") instanceof String) {
                return refusal(json.get(), status, response, providerDate, sentAt);
            }
            String error = status == 401 ? "invalid_client" : TokenResponseOutcome.Rejected.UNRECOGNIZED_RESPONSE;
            return new TokenResponseOutcome.Rejected(error, Optional.empty(), Optional.empty(), List.of(), status);
        }
        return unavailable(TokenResponseOutcome.Unavailable.Kind.MALFORMED_RESPONSE, status, Optional.empty());
    }

    private TokenResponseOutcome refusal(Map<String, Object> json, int status, HTTPResponse response,
                                         Optional<Instant> providerDate, Instant sentAt) {
        String error = (String) json.get("error");
        if ("server_error".equals(error) || "temporarily_unavailable".equals(error)) {
            return unavailable(TokenResponseOutcome.Unavailable.Kind.SERVER_ERROR, status,
                    retryAfter(response.getHeaderValue("Retry-After"), providerDate, sentAt));
        }
        Optional<String> description = text(json.get("error_description"));
        Optional<String> subtype = text(json.get("error_subtype")).or(() -> text(json.get("suberror")));
        Set<String> codes = new LinkedHashSet<>();
        if (json.get("error_codes") instanceof Collection<?> list) {
            for (Object code : list) {
                if (code instanceof Number || (code instanceof String s && s.matches("\\d+"))) {
                    codes.add("AADSTS" + code);
                }
            }
        }
        description.ifPresent(d -> {
            Matcher m = AADSTS_PREFIX.matcher(d);
            if (m.find()) {
                codes.add(m.group(1));
            }
        });
        return new TokenResponseOutcome.Rejected(error, description, subtype, new ArrayList<>(codes), status);
    }

    private TokenResponseOutcome.Issued issued(Map<String, Object> json, String accessToken, Instant sentAt,
                                               Optional<Instant> providerDate) {
        String tokenType = text(json.get("token_type")).orElse("Bearer");
        Optional<String> refreshToken = text(json.get("refresh_token"));
        Set<String> scopes = scopes(json.get("scope"));

        Optional<Instant> fromExpiresIn = seconds(json.get("expires_in")).map(sentAt::plusSeconds);
        // a provider clock ahead of ours shows as a Date later than our send time; exp on its clock minus that
        // offset is exp on ours. The offset also holds the round trip, which errs towards an earlier expiry.
        Duration providerOffset = providerDate.map(date -> Duration.between(sentAt, date)).orElse(Duration.ZERO);
        Optional<Instant> fromJwt = jwtExpiry(accessToken).map(exp -> exp.minus(providerOffset));

        Instant raw;
        TokenResponseOutcome.Issued.ExpirySource source;
        if (fromJwt.isPresent() && (fromExpiresIn.isEmpty() || fromJwt.get().isBefore(fromExpiresIn.get()))) {
            raw = fromJwt.get();
            source = TokenResponseOutcome.Issued.ExpirySource.JWT_EXP;
        } else if (fromExpiresIn.isPresent()) {
            raw = fromExpiresIn.get();
            source = TokenResponseOutcome.Issued.ExpirySource.EXPIRES_IN;
        } else {
            raw = sentAt.plus(DEFAULT_LIFETIME);
            source = TokenResponseOutcome.Issued.ExpirySource.ASSUMED_DEFAULT;
        }
        Duration lifetime = Duration.between(sentAt, raw);
        Duration margin = lifetime.isNegative() ? Duration.ZERO
                : skewMargin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : skewMargin;
        Optional<Instant> refreshTokenExpiresAt = seconds(json.get("refresh_token_expires_in")).map(sentAt::plusSeconds);
        return new TokenResponseOutcome.Issued(accessToken, tokenType, refreshToken, scopes, raw.minus(margin), sentAt,
                providerDate, source, refreshTokenExpiresAt);
    }

    /**
     * The {@code exp} of an unencrypted JWT access token, unverified: it can only make our expiry
     * earlier, never later, so a forged one costs at most an early refresh.
     */
    static Optional<Instant> jwtExpiry(String token) {
        if (token.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        try {
            JWT jwt = JWTParser.parse(token);
            if (!(jwt instanceof SignedJWT) && !(jwt instanceof PlainJWT)) {
                return Optional.empty();
            }
            Date exp = jwt.getJWTClaimsSet().getExpirationTime();
            return Optional.ofNullable(exp).map(Date::toInstant);
        } catch (java.text.ParseException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code Retry-After} as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); a date is measured
     * against the provider's own {@code Date} when there is one, else against our send time.
     */
    static Optional<Duration> retryAfter(String header, Optional<Instant> providerDate, Instant sentAt) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.matches("\\d+")) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return httpDate(value).map(at -> {
            Duration d = Duration.between(providerDate.orElse(sentAt), at);
            return d.isNegative() ? Duration.ZERO : d;
        });
    }

    static Optional<Instant> httpDate(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Map<String, Object>> jsonObject(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSONObjectUtils.parse(body));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> seconds(Object value) {
        if (value instanceof Number n && n.longValue() >= 0) {
            return Optional.of(n.longValue());
        }
        if (value instanceof String s && s.trim().matches("\\d{1,12}")) {
            return Optional.of(Long.parseLong(s.trim()));
        }
        return Optional.empty();
    }

    private static Set<String> scopes(Object value) {
        Set<String> scopes = new LinkedHashSet<>();
        if (value instanceof String s) {
            for (String scope : s.trim().split("[\\s,]+")) {
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            }
        } else if (value instanceof Collection<?> list) {
            list.forEach(item -> scopes.add(String.valueOf(item)));
        }
        return scopes;
    }

    private static Optional<String> text(Object value) {
        return value instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
    }

    private static TokenResponseOutcome.Unavailable unavailable(TokenResponseOutcome.Unavailable.Kind kind, int status,
                                                                Optional<Duration> retryAfter) {
        return new TokenResponseOutcome.Unavailable(kind, status, retryAfter);
    }
}
