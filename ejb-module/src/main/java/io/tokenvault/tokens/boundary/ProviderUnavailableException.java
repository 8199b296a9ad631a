package io.tokenvault.tokens.boundary;

import io.tokenvault.platform.boundary.TokenvaultException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** No valid token can be had right now (provider down, throttling, circuit open): try again later. (503) */
public class ProviderUnavailableException extends TokenvaultException {

    private final Duration retryAfter;
    private final String cause;

    public ProviderUnavailableException(String cause, String message, Duration retryAfter) {
        super(message);
        this.cause = cause;
        this.retryAfter = retryAfter.isNegative() || retryAfter.isZero() ? Duration.ofSeconds(1) : retryAfter;
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String problemType() {
        return "provider-unavailable";
    }

    @Override
    public String title() {
        return "Provider unavailable";
    }

    @Override
    public Map<String, Object> extensions() {
        return Map.of("error", "temporarily_unavailable", "reason", cause);
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(retryAfter);
    }
}
