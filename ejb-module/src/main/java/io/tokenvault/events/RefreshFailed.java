package io.tokenvault.events;

import java.time.Duration;
import java.time.Instant;

/**
 * A refresh did not yield tokens: the provider refused it ({@code kind} {@code rejected}, {@code error} its OAuth
 * error code) or gave no usable answer ({@code kind} {@code unavailable}, {@code error} what happened).
 */
public record RefreshFailed(String tenantId, String connectionId, String appId, String appKey, String provider,
        String kind, String error, Duration took, Instant at) {
}
