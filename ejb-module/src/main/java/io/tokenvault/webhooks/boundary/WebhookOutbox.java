package io.tokenvault.webhooks.boundary;

import io.tokenvault.apps.control.AppRegistration;
import io.tokenvault.apps.control.AppRegistry;
import io.tokenvault.events.ConnectionStatusChanged;
import io.tokenvault.events.JobEnded;
import io.tokenvault.events.RefreshFailed;
import io.tokenvault.notices.control.Notice;
import io.tokenvault.notices.control.NoticePosted;
import io.tokenvault.webhooks.control.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns domain events into webhook deliveries, once the change behind them has committed. A failure here is logged
 * and never undoes or delays the change itself.
 */
@ApplicationScoped
public class WebhookOutbox {

    private static final Logger LOG = Logger.getLogger(WebhookOutbox.class.getName());

    @Inject
    WebhookQueue queue;

    @Inject
    AppRegistry registry;

    void statusChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConnectionStatusChanged e) {
        JsonObjectBuilder data = Json.createObjectBuilder().add("connectionId", e.connectionId())
                .add("app", e.appKey()).add("from", e.from()).add("to", e.to()).add("at", e.at().toString());
        optional(data, "reason", e.reason());
        optional(data, "explanation", e.explanation());
        enqueue(e.tenantId(), EventType.CONNECTION_STATUS_CHANGED, data);
    }

    void refreshFailed(@Observes(during = TransactionPhase.AFTER_SUCCESS) RefreshFailed e) {
        enqueue(e.tenantId(), EventType.CONNECTION_REFRESH_FAILED, Json.createObjectBuilder()
                .add("connectionId", e.connectionId()).add("app", e.appKey()).add("provider", e.provider())
                .add("kind", e.kind()).add("error", e.error()).add("at", e.at().toString()));
    }

    void noticePosted(@Observes(during = TransactionPhase.AFTER_SUCCESS) NoticePosted posted) {
        Notice n = posted.notice();
        EventType type = switch (n.kind()) {
            case EXPIRY_FORECAST -> EventType.CONNECTION_EXPIRY_WARNING;
            case MASS_REVOCATION -> EventType.APP_MASS_REVOCATION;
            case SECRET_ROLLOVER -> EventType.APP_SECRET_ROLLOVER;
            case CLIENT_ID_CHANGED -> EventType.APP_CLIENT_ID_CHANGED;
        };
        JsonObjectBuilder data = Json.createObjectBuilder().add("noticeId", n.id()).add("summary", n.summary())
                .add("affected", n.affected());
        optional(data, "app", n.appId() == null ? null
                : registry.byId(n.appId()).map(AppRegistration::appKey).orElse(null));
        optional(data, "affectedConnections", n.affectedQuery() == null ? null : "/api/v1/" + n.affectedQuery());
        enqueue(n.tenantId(), type, data);
    }

    void jobEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobEnded e) {
        if (e.tenantId() == null || !e.jobName().equals("rotate-encryption-key")) {
            return; // a platform-wide rotation concerns no tenant in particular; rollovers post a notice
        }
        enqueue(e.tenantId(), EventType.ENCRYPTION_KEY_ROTATION, Json.createObjectBuilder().add("job", e.runId())
                .add("status", e.status()).add("total", e.total()).add("done", e.done()).add("skipped", e.skipped())
                .add("failed", e.failed()));
    }

    private void enqueue(String tenantId, EventType type, JsonObjectBuilder data) {
        try {
            queue.enqueue(tenantId, type.wireName(), data.build());
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "Cannot queue webhook " + type.wireName() + " for tenant " + tenantId, ex);
        }
    }

    private static void optional(JsonObjectBuilder data, String name, String value) {
        if (value != null) {
            data.add(name, value);
        }
    }
}
