package io.tokenvault.events;

import java.time.Instant;

/**
 * A connection's status changed ({@code ACTIVE}, {@code NEEDS_REAUTH}, ...), with the diagnosed reason when it broke.
 *
 * @param actor who caused it: an API key id, or {@code system} for the refresh engine and sweeps
 */
public record ConnectionStatusChanged(String tenantId, String connectionId, String appId, String appKey,
        String from, String to, String reason, String explanation, String actor, Instant at) {
}
