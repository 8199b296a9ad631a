package io.tokenvault.webhooks.boundary;

import io.tokenvault.webhooks.control.WebhookStore;
import java.time.Instant;
import java.util.List;

/** What the webhook API shows. The signing secret appears once, in {@link Created}. */
public final class WebhookViews {

    private WebhookViews() {
    }

    /** The answer to a subscription: the only time the secret is shown. */
    public record Created(String id, String url, List<String> events, String secret, Instant createdAt) {
        @Override
        public String toString() {
            return "Created[id=" + id + ", url=" + url + ", events=" + events + ", secret=****]";
        }
    }

    public record Subscription(String id, String url, List<String> events, Instant createdAt) {
        static Subscription of(WebhookStore.Subscription s) {
            return new Subscription(s.id(), s.url(), s.events(), s.createdAt());
        }
    }

    public record Delivery(String id, String eventType, String status, int attempts, Instant createdAt,
            Instant lastAttemptAt, Integer lastStatus, String lastError, Instant nextAttemptAt, Instant deliveredAt,
            String payload) {
        static Delivery of(WebhookStore.Delivery d) {
            return new Delivery(d.id(), d.eventType(), d.status().name(), d.attempts(), d.createdAt(),
                    d.lastAttemptAt(), d.lastStatus(), d.lastError(),
                    d.status() == WebhookStore.Status.PENDING ? d.nextAttemptAt() : null, d.deliveredAt(),
                    d.payload());
        }
    }
}
