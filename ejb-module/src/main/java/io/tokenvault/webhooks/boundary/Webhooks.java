package io.tokenvault.webhooks.boundary;

import io.tokenvault.cluster.control.CacheInvalidation;
import io.tokenvault.crypto.control.AssociatedData;
import jakarta.enterprise.event.Event;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Sealed;
import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.webhooks.control.EventType;
import io.tokenvault.webhooks.control.WebhookSignature;
import io.tokenvault.webhooks.control.WebhookStore;
import io.tokenvault.webhooks.control.WebhookTargets;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** A tenant's webhook subscriptions and their delivery logs. Tenant admins of the tenant (and platform admins). */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Webhooks {

    private static final String WORKER_REFUSAL = "Webhooks are managed by tenant admins";
    private static final int MAX_SUBSCRIPTIONS = 20;
    private static final int MAX_PAGE_SIZE = 200;

    /** What a tenant admin sends to subscribe. */
    public record SubscribeRequest(String url, List<String> events) {
    }

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    Event<CacheInvalidation> invalidations;

    @Inject
    KeyRing keyRing;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenvault.webhook.allow-private-networks", defaultValue = "false")
    boolean allowPrivateNetworks;

    public WebhookViews.Created subscribe(Caller caller, String tenantId, SubscribeRequest request) {
        caller.requireTenantAdmin(tenantId, WORKER_REFUSAL);
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        String url = request == null ? null : request.url();
        new WebhookTargets(allowPrivateNetworks).problem(url).ifPresent(p -> errors.add("url", p));
        Set<String> events = new LinkedHashSet<>();
        if (request == null || request.events() == null || request.events().isEmpty()) {
            errors.add("events", "name at least one of " + known());
        } else {
            for (String event : request.events()) {
                if (event == null || EventType.of(event.strip()).isEmpty()) {
                    errors.add("events", "unknown event type '" + event + "'; known: " + known());
                } else {
                    events.add(event.strip());
                }
            }
        }
        WebhookStore store = new WebhookStore(dataSource);
        if (store.subscriptions(tenantId).size() >= MAX_SUBSCRIPTIONS) {
            errors.add("url", "a tenant has at most " + MAX_SUBSCRIPTIONS + " webhook subscriptions");
        }
        errors.throwIfAny();
        String id = UUID.randomUUID().toString();
        String secret = WebhookSignature.newSecret();
        Sealed sealed = keyRing.seal(tenantId, AssociatedData.WEBHOOK_SECRET, id, secret);
        Instant now = clock.instant();
        store.insert(new WebhookStore.Subscription(id, tenantId, url.strip(), List.copyOf(events),
                KeyRing.encode(sealed.ciphertext()), sealed.keyId(), now));
        WebhookQueue.forget(tenantId);
        invalidations.fire(new CacheInvalidation(CacheInvalidation.Region.WEBHOOK_SUBSCRIPTIONS, tenantId));
        return new WebhookViews.Created(id, url.strip(), List.copyOf(events), secret, now);
    }

    public List<WebhookViews.Subscription> list(Caller caller, String tenantId) {
        caller.requireTenantAdmin(tenantId, WORKER_REFUSAL);
        return new WebhookStore(dataSource).subscriptions(tenantId).stream().map(WebhookViews.Subscription::of)
                .toList();
    }

    public WebhookViews.Subscription get(Caller caller, String tenantId, String id) {
        caller.requireTenantAdmin(tenantId, WORKER_REFUSAL);
        return WebhookViews.Subscription.of(find(tenantId, id));
    }

    public void delete(Caller caller, String tenantId, String id) {
        caller.requireTenantAdmin(tenantId, WORKER_REFUSAL);
        if (!new WebhookStore(dataSource).delete(tenantId, id)) {
            throw NoSuchResourceException.of("Webhook", id);
        }
        WebhookQueue.forget(tenantId);
        invalidations.fire(new CacheInvalidation(CacheInvalidation.Region.WEBHOOK_SUBSCRIPTIONS, tenantId));
    }

    public List<WebhookViews.Delivery> deliveries(Caller caller, String tenantId, String id, String page,
            String size) {
        caller.requireTenantAdmin(tenantId, WORKER_REFUSAL);
        find(tenantId, id);
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        InvalidInputException.Collector.Page paging = errors.page(page, size, 50, MAX_PAGE_SIZE);
        errors.throwIfAny();
        return new WebhookStore(dataSource).deliveries(tenantId, id, paging.offset(), paging.size()).stream()
                .map(WebhookViews.Delivery::of).toList();
    }

    /** Sends a delivered or dead delivery again, with a fresh count of tries. */
    public WebhookViews.Delivery redeliver(Caller caller, String tenantId, String id, String deliveryId) {
        caller.requireTenantAdmin(tenantId, WORKER_REFUSAL);
        find(tenantId, id);
        WebhookStore store = new WebhookStore(dataSource);
        WebhookStore.Delivery delivery = store.delivery(tenantId, deliveryId)
                .filter(d -> d.subscriptionId().equals(id))
                .orElseThrow(() -> NoSuchResourceException.of("Delivery", deliveryId));
        store.redeliver(tenantId, delivery.id(), clock.instant());
        return WebhookViews.Delivery.of(store.delivery(tenantId, deliveryId).orElseThrow());
    }

    private WebhookStore.Subscription find(String tenantId, String id) {
        return new WebhookStore(dataSource).subscription(tenantId, id)
                .orElseThrow(() -> NoSuchResourceException.of("Webhook", id));
    }

    private static String known() {
        return Arrays.stream(EventType.values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }
}
