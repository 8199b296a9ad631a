package io.tokenvault.audit.boundary;

import io.tokenvault.audit.control.AuditEvent;
import io.tokenvault.platform.boundary.UiActions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** {@code /audit/?from=&to=&page=}: who did what in the tenant, newest first; never a secret. */
@Named
@RequestScoped
public class AuditBacking {

    @Inject
    AuditTrail trail;

    @Inject
    UiActions ui;

    private String from;
    private String to;
    private String page;
    private List<AuditEvent> events;

    public List<AuditEvent> getEvents() {
        if (events == null) {
            events = ui.read(() -> trail.find(ui.caller(), ui.tenant(), from, to, page, "100")).orElse(List.of());
        }
        return events;
    }

    public int getNextPage() {
        return currentPage() + 1;
    }

    public int getPreviousPage() {
        return Math.max(0, currentPage() - 1);
    }

    private int currentPage() {
        try {
            return page == null || page.isBlank() ? 0 : Math.max(0, Integer.parseInt(page.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public String getPage() {
        return page;
    }

    public void setPage(String page) {
        this.page = page;
    }
}
