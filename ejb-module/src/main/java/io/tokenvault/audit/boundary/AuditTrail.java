package io.tokenvault.audit.boundary;

import io.tokenvault.audit.control.AuditEvent;
import io.tokenvault.audit.control.AuditStore;
import io.tokenvault.events.ConnectionStatusChanged;
import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.tenancy.boundary.Caller;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Records and answers the audit trail. Recording runs in its own transaction, so that an action that failed is
 * recorded as failed, and a failure to record never undoes the action.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class AuditTrail {

    private static final int MAX_PAGE_SIZE = 500;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    Clock clock;

    public void record(String tenantId, String actor, String action, String target, String outcome, String detail) {
        new AuditStore(dataSource).append(new AuditEvent(UUID.randomUUID().toString(), tenantId, actor, action, target,
                outcome, detail, clock.instant()));
    }

    /** Every connection status change, whoever caused it (the observer runs after the change committed). */
    public void statusChanged(ConnectionStatusChanged e) {
        new AuditStore(dataSource).append(new AuditEvent(UUID.randomUUID().toString(), e.tenantId(), e.actor(),
                "connection.status_changed", "connections/" + e.connectionId(), e.to(),
                e.from() + " -> " + e.to() + (e.reason() == null ? "" : " (" + e.reason() + ")") + ", app "
                        + e.appKey(), e.at()));
    }

    /** The tenant's entries from {@code from} (default: 30 days ago) to {@code to} (default: now), newest first. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<AuditEvent> find(Caller caller, String tenantId, String from, String to, String page, String size) {
        caller.requireTenantAdmin(tenantId, "The audit trail is for tenant admins");
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        Instant now = clock.instant();
        Instant end = instant("to", to, now.plusSeconds(1), errors);
        Instant start = instant("from", from, end.minus(Duration.ofDays(30)), errors);
        if (!start.isBefore(end)) {
            errors.add("from", "must be before to");
        }
        InvalidInputException.Collector.Page paging = errors.page(page, size, 100, MAX_PAGE_SIZE);
        errors.throwIfAny();
        return new AuditStore(dataSource).find(tenantId, start, end, paging.offset(), paging.size());
    }

    private static Instant instant(String field, String value, Instant fallback,
            InvalidInputException.Collector errors) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.add(field, "must be an ISO-8601 instant such as 2026-11-28T12:00:00Z");
            return fallback;
        }
    }
}
