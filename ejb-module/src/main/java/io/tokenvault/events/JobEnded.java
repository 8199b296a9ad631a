package io.tokenvault.events;

import java.time.Instant;

/**
 * A batch job run ended ({@code rotate-encryption-key}, {@code rollover-client-secret}), with its counts.
 *
 * @param tenantId the tenant it ran for; null for a platform-wide key rotation
 */
public record JobEnded(String runId, String jobName, String tenantId, String status, long total, long done,
        long skipped, long failed, String detail, Instant at) {
}
