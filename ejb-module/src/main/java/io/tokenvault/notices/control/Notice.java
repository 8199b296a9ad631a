package io.tokenvault.notices.control;

import java.time.Instant;
import java.util.Objects;

/**
 * One aggregated notice to a tenant.
 *
 * @param affected      how many connections it concerns
 * @param affectedQuery the API path (relative to {@code /api/v1}) that lists them, e.g.
 *                      {@code tenants/acme/connections?app=drive&expiringWithinDays=7}
 */
public record Notice(String id, String tenantId, NoticeKind kind, String appId, String summary, String detail,
        int affected, String affectedQuery, Instant createdAt, Instant acknowledgedAt, String acknowledgedBy) {

    public Notice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
