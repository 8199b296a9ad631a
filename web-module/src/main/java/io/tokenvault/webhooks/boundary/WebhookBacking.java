package io.tokenvault.webhooks.boundary;

import io.tokenvault.platform.boundary.UiActions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * {@code /webhooks/webhook.xhtml?id=&page=}: one subscription and its delivery log (status, attempts, the endpoint's
 * last answer, the next attempt), newest first, with a button to send a delivery again. Another tenant's subscription
 * is the 404 page.
 */
@Named
@RequestScoped
public class WebhookBacking {

    static final String PAGE_SIZE = "25";

    @Inject
    Webhooks webhooks;

    @Inject
    UiActions ui;

    private String id;
    private String page = "0";
    private WebhookViews.Subscription subscription;
    private List<WebhookViews.Delivery> deliveries;
    private boolean loaded;

    public void load() {
        if (id == null) {
            id = ui.param("id"); // a postback, before the view parameter reached this bean
        }
        if (!loaded && id != null) {
            loaded = true;
            subscription = ui.read(() -> webhooks.get(ui.caller(), ui.tenant(), id)).orElse(null);
            if (subscription != null) {
                deliveries = ui.read(() -> webhooks.deliveries(ui.caller(), ui.tenant(), id, page, PAGE_SIZE))
                        .orElse(List.of());
            }
        }
    }

    public void redeliver() {
        load();
        String delivery = ui.param("delivery");
        ui.change(ui.tenant(), "Webhooks.redeliver", "webhooks/" + id + "/deliveries/" + delivery,
                () -> webhooks.redeliver(ui.caller(), ui.tenant(), id, delivery)).ifPresent(d -> {
                    ui.info("Delivery " + d.id() + " queued again.");
                    ui.redirect("/webhooks/webhook.xhtml?id=" + id);
                });
    }

    public WebhookViews.Subscription getSubscription() {
        load();
        return subscription;
    }

    public List<WebhookViews.Delivery> getDeliveries() {
        load();
        return deliveries == null ? List.of() : deliveries;
    }

    public boolean isHasNext() {
        return getDeliveries().size() == Integer.parseInt(PAGE_SIZE);
    }

    public int getNextPage() {
        return pageNumber() + 1;
    }

    public int getPreviousPage() {
        return Math.max(0, pageNumber() - 1);
    }

    public boolean isHasPrevious() {
        return pageNumber() > 0;
    }

    private int pageNumber() {
        try {
            return Math.max(0, Integer.parseInt(page));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getPage() {
        return page;
    }

    public void setPage(String page) {
        this.page = page == null ? "0" : page;
    }
}
