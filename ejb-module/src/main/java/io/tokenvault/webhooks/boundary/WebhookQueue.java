package io.tokenvault.webhooks.boundary;

import io.tokenvault.webhooks.control.WebhookStore;
import io.tokenvault.cluster.control.CacheInvalidation;
import jakarta.annotation.Resource;
import jakarta.enterprise.event.Observes;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Stores one delivery per subscription that wants an event, in its own transaction (it is called after the change
 * that caused the event has committed). The message body follows Standard Webhooks: {@code {type, timestamp, data}}.
 * The subscriptions of a tenant are cached for a few seconds, so that a tenant without webhooks costs no query.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class WebhookQueue {

    private static final long CACHE_MILLIS = 5_000;

    private record Cached(List<WebhookStore.Subscription> subscriptions, long loadedAt) {
    }

    private static final Map<String, Cached> SUBSCRIPTIONS = new ConcurrentHashMap<>();

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    Clock clock;

    public void enqueue(String tenantId, String eventType, JsonObject data) {
        List<WebhookStore.Subscription> wanting = subscriptions(tenantId).stream()
                .filter(s -> s.wants(eventType)).toList();
        if (wanting.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        String body = Json.createObjectBuilder().add("type", eventType).add("timestamp", now.toString())
                .add("data", data).build().toString();
        WebhookStore store = new WebhookStore(dataSource);
        for (WebhookStore.Subscription s : wanting) {
            store.insert(new WebhookStore.Delivery(UUID.randomUUID().toString(), tenantId, s.id(), eventType, body,
                    WebhookStore.Status.PENDING, 0, now, null, null, null, now, null));
        }
    }

    /** Forgets the cached subscriptions of a tenant (after one was added or removed on this node). */
    static void forget(String tenantId) {
        SUBSCRIPTIONS.remove(tenantId);
    }

    static void onOtherNodesChange(@Observes CacheInvalidation.Received change) {
        if (change.is(CacheInvalidation.Region.WEBHOOK_SUBSCRIPTIONS)) {
            SUBSCRIPTIONS.remove(change.key());
        }
    }

    private List<WebhookStore.Subscription> subscriptions(String tenantId) {
        long now = System.currentTimeMillis();
        Cached cached = SUBSCRIPTIONS.get(tenantId);
        if (cached == null || now - cached.loadedAt() > CACHE_MILLIS) {
            cached = new Cached(new WebhookStore(dataSource).subscriptions(tenantId), now);
            SUBSCRIPTIONS.put(tenantId, cached);
        }
        return cached.subscriptions();
    }
}
