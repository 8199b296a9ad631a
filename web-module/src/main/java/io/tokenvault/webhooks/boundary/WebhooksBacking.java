package io.tokenvault.webhooks.boundary;

import io.tokenvault.platform.boundary.UiActions;
import io.tokenvault.webhooks.control.EventType;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code /webhooks/}: the tenant's webhook subscriptions; subscribing a URL to some events (the signing secret is
 * shown once, on the answer to the POST), removing one. The rules (HTTPS, no private networks, known events) are
 * {@link Webhooks}'s; their refusals are shown beside the fields.
 */
@Named
@RequestScoped
public class WebhooksBacking {

    @Inject
    Webhooks webhooks;

    @Inject
    UiActions ui;

    private String url;
    private List<String> events = new ArrayList<>();
    private WebhookViews.Created created;
    private List<WebhookViews.Subscription> list;

    public List<WebhookViews.Subscription> getSubscriptions() {
        if (list == null) {
            list = ui.read(() -> webhooks.list(ui.caller(), ui.tenant())).orElse(List.of());
        }
        return list;
    }

    public void subscribe() {
        ui.change(ui.tenant(), "Webhooks.subscribe", "webhooks",
                () -> webhooks.subscribe(ui.caller(), ui.tenant(), new Webhooks.SubscribeRequest(url, events)))
                .ifPresent(subscription -> {
                    created = subscription;
                    url = null;
                    events = new ArrayList<>();
                    list = null;
                });
    }

    public void remove() {
        String id = ui.param("remove");
        ui.change(ui.tenant(), "Webhooks.delete", "webhooks/" + id, () -> {
            webhooks.delete(ui.caller(), ui.tenant(), id);
            return id;
        }).ifPresent(removed -> {
            ui.info("Subscription " + removed + " removed; no further event is sent to it.");
            ui.redirect("/webhooks/index.xhtml");
        });
    }

    /** Every event type a subscription may ask for, by its name on the wire. */
    public List<String> getEventTypes() {
        return Arrays.stream(EventType.values()).map(EventType::wireName).toList();
    }

    public WebhookViews.Created getCreated() {
        return created;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public List<String> getEvents() {
        return events;
    }

    public void setEvents(List<String> events) {
        this.events = events == null ? new ArrayList<>() : events;
    }
}
