package io.tokenvault.audit.control;

import java.time.Instant;

/**
 * One entry of the audit trail.
 *
 * @param tenantId the tenant concerned; null for a platform-level action
 * @param actor    the API key id that acted, {@code system} (refresh engine, sweeps, jobs) or {@code end-user}
 * @param action   what was done, e.g. {@code Apps.put} or {@code connection.status_changed}
 * @param target   what it was done to: the request path, or {@code connections/{id}}
 * @param outcome  the HTTP status of an API action, or the new status of a connection
 * @param detail   a reason code or short note; never a secret
 */
public record AuditEvent(String id, String tenantId, String actor, String action, String target, String outcome,
        String detail, Instant at) {
}
