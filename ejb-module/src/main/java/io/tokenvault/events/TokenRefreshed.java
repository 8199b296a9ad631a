package io.tokenvault.events;

import java.time.Duration;

/** A refresh yielded new tokens, now stored ({@code rotated}: with a new refresh token). For metrics. */
public record TokenRefreshed(String tenantId, String connectionId, String appKey, String provider, Duration took,
        boolean rotated) {
}
