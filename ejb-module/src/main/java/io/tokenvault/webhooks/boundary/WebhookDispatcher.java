package io.tokenvault.webhooks.boundary;

import io.tokenvault.crypto.control.AssociatedData;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Sealed;
import io.tokenvault.crypto.control.SecretValue;
import io.tokenvault.platform.control.Nodes;
import io.tokenvault.webhooks.control.WebhookSignature;
import io.tokenvault.webhooks.control.WebhookStore;
import io.tokenvault.webhooks.control.WebhookTargets;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends the stored webhook deliveries: every {@code tokenvault.webhooks.poll-millis} each node claims the due ones (a
 * lease per delivery, so no two nodes send the same attempt), signs each per Standard Webhooks and POSTs it. A 2xx
 * answer delivers it; anything else (another status, a refused connection, a timeout, a target that now resolves to an
 * internal address) schedules the next try after an exponentially growing, jittered delay
 * ({@code retry-base-millis} doubled per try, at most {@code retry-max-millis}), until {@code max-attempts} tries have
 * failed: then it is DEAD, kept in the log and redeliverable on request. Redirects are not followed. Delivered and
 * dead deliveries stay in the log for {@code retention-days} (30).
 */
@Singleton
@Startup
@DependsOn("KeyRingService")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    private static final int BATCH = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Resource
    TimerService timers;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    KeyRing keyRing;

    @Inject
    Clock clock;

    @Inject
    io.tokenvault.metrics.Metrics metrics;

    @Inject
    @ConfigProperty(name = "tokenvault.webhooks.poll-millis", defaultValue = "1000")
    long pollMillis;

    @Inject
    @ConfigProperty(name = "tokenvault.webhooks.max-attempts", defaultValue = "8")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "tokenvault.webhooks.retry-base-millis", defaultValue = "5000")
    long retryBaseMillis;

    @Inject
    @ConfigProperty(name = "tokenvault.webhooks.retry-max-millis", defaultValue = "3600000")
    long retryMaxMillis;

    @Inject
    @ConfigProperty(name = "tokenvault.webhook.allow-private-networks", defaultValue = "false")
    boolean allowPrivateNetworks;

    @Inject
    @ConfigProperty(name = "tokenvault.webhooks.retention-days", defaultValue = "30")
    int retentionDays;

    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Instant purgedAt = Instant.EPOCH;
    private HttpClient http;

    @PostConstruct
    void start() {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        timers.createIntervalTimer(pollMillis, Math.max(100, pollMillis), new TimerConfig("webhook dispatch", false));
    }

    @Timeout
    void tick() {
        if (!running.compareAndSet(false, true)) {
            return; // the previous round is still sending
        }
        try {
            dispatchDue();
            purgeOldDeliveries();
        } catch (RuntimeException e) {
            LOG.warning(() -> "Webhook dispatch round failed: " + e);
        } finally {
            running.set(false);
        }
    }

    /** One round: claims and sends every due delivery (in batches), in parallel, and records each outcome. */
    void dispatchDue() {
        WebhookStore store = new WebhookStore(dataSource);
        WebhookTargets targets = new WebhookTargets(allowPrivateNetworks);
        String node = Nodes.name();
        for (int round = 0; round < 20; round++) {
            Instant now = clock.instant();
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (String id : store.due(now, BATCH)) {
                store.claim(id, node, now, now.plus(TIMEOUT.multipliedBy(3)))
                        .ifPresent(d -> sends.add(send(store, targets, node, d)));
            }
            if (sends.isEmpty()) {
                return;
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        }
    }

    /** Once an hour: the delivery log keeps delivered and dead deliveries for {@code retention-days}. */
    private void purgeOldDeliveries() {
        Instant now = clock.instant();
        if (Duration.between(purgedAt, now).toHours() < 1) {
            return;
        }
        purgedAt = now;
        int purged = new WebhookStore(dataSource).purge(now.minus(Duration.ofDays(retentionDays)));
        if (purged > 0) {
            LOG.info(() -> "Webhook delivery log: " + purged + " deliveries older than " + retentionDays
                    + " days removed");
        }
    }

    private CompletableFuture<Void> send(WebhookStore store, WebhookTargets targets, String node,
            WebhookStore.Delivery d) {
        Optional<WebhookStore.Subscription> subscription = store.subscription(d.tenantId(), d.subscriptionId());
        if (subscription.isEmpty()) {
            store.recordAttempt(d.id(), node, clock.instant(), null, "the subscription was deleted", false, null);
            return CompletableFuture.completedFuture(null);
        }
        URI url = URI.create(subscription.get().url());
        Optional<String> refused = targets.addressProblem(url.getHost());
        if (refused.isPresent()) {
            failed(store, node, d, null, "not sent: the URL " + refused.get());
            return CompletableFuture.completedFuture(null);
        }
        long timestamp = clock.instant().getEpochSecond();
        String signature;
        try (SecretValue secret = keyRing.open(d.tenantId(), AssociatedData.WEBHOOK_SECRET, d.subscriptionId(),
                new Sealed((int) subscription.get().secretKeyId(),
                        KeyRing.decode(subscription.get().secretCiphertext())))) {
            signature = WebhookSignature.sign(secret.reveal(), d.id(), timestamp, d.payload());
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("User-Agent", "Tokenvault-Webhooks/1")
                .header("webhook-id", d.id()).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(d.payload())).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
            if (error != null) {
                failed(store, node, d, null, error.getClass().getSimpleName()
                        + (error.getMessage() == null ? "" : ": " + error.getMessage()));
            } else if (response.statusCode() / 100 == 2) {
                store.recordAttempt(d.id(), node, clock.instant(), response.statusCode(), null, true, null);
                metrics.webhookDelivery("delivered");
            } else {
                failed(store, node, d, response.statusCode(), "HTTP " + response.statusCode());
            }
            return null;
        });
    }

    private void failed(WebhookStore store, String node, WebhookStore.Delivery d, Integer status, String error) {
        int tries = d.attempts() + 1;
        Instant now = clock.instant();
        Instant next = tries >= maxAttempts ? null : now.plus(backoff(tries));
        store.recordAttempt(d.id(), node, now, status, error, false, next);
        metrics.webhookDelivery(next == null ? "dead" : "failed");
        if (next == null) {
            LOG.warning(() -> "Webhook delivery " + d.id() + " (" + d.eventType() + ", tenant " + d.tenantId()
                    + ") is dead after " + tries + " tries; last: " + error);
        }
    }

    /** The delay before try {@code tries + 1}: base × 2^(tries − 1), capped, ±25 % jitter. */
    Duration backoff(int tries) {
        double exponential = retryBaseMillis * Math.pow(2, Math.min(30, tries - 1));
        double capped = Math.min(exponential, retryMaxMillis);
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Duration.ofMillis((long) (capped * jitter));
    }
}
