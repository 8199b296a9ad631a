package io.tokenvault.connections.boundary;

import io.tokenvault.apps.boundary.AppView;
import io.tokenvault.apps.boundary.Apps;
import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.platform.boundary.UiActions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Arrays;
import java.util.List;

/**
 * {@code /connections/?status=&app=&user=&missingScopes=&page=}: the tenant's connections, filtered by status and app,
 * searched by external user id; a plain GET form, so every filtered list has its own URL.
 */
@Named
@RequestScoped
public class ConnectionsBacking {

    static final String PAGE_SIZE = "25";

    @Inject
    Connections connections;

    @Inject
    Apps apps;

    @Inject
    UiActions ui;

    private String status;
    private String app;
    private String user;
    private String missingScopes;
    private String page;
    private ConnectionPage result;

    public ConnectionPage getResult() {
        if (result == null) {
            result = ui.read(() -> connections.list(ui.caller(), ui.tenant(), status, app, page, PAGE_SIZE,
                    missingScopes, null, user)).orElse(new ConnectionPage(List.of(), 0, 25, 0));
        }
        return result;
    }

    public List<String> getStatuses() {
        return Arrays.stream(ConnectionStatus.values()).map(Enum::name).toList();
    }

    public List<String> getAppKeys() {
        return ui.read(() -> apps.list(ui.caller(), ui.tenant())).orElse(List.of()).stream().map(AppView::app)
                .toList();
    }

    public boolean isHasNext() {
        ConnectionPage p = getResult();
        return (long) (p.page() + 1) * p.size() < p.total();
    }

    public int getNextPage() {
        return getResult().page() + 1;
    }

    public int getPreviousPage() {
        return Math.max(0, getResult().page() - 1);
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getApp() {
        return app;
    }

    public void setApp(String app) {
        this.app = app;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getMissingScopes() {
        return missingScopes;
    }

    public void setMissingScopes(String missingScopes) {
        this.missingScopes = missingScopes;
    }

    public String getPage() {
        return page;
    }

    public void setPage(String page) {
        this.page = page;
    }
}
