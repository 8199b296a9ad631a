package io.tokenvault.connections.boundary;

import io.tokenvault.apps.boundary.AppView;
import io.tokenvault.apps.boundary.Apps;
import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.notices.boundary.NoticeView;
import io.tokenvault.notices.boundary.Notices;
import io.tokenvault.platform.boundary.UiActions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /index.xhtml} for a tenant admin: connections by status per app, the latest connections that need
 * re-authorization with their diagnosed reason and remedy, apps flagged for mass revocation, and open notices.
 */
@Named
@RequestScoped
public class DashboardBacking {

    /** One app's connection counts by status. */
    public record AppCounts(String app, Map<String, Long> byStatus) {
        public long count(String status) {
            return byStatus.getOrDefault(status, 0L);
        }
    }

    @Inject
    Connections connections;

    @Inject
    Apps apps;

    @Inject
    Notices notices;

    @Inject
    UiActions ui;

    private List<AppCounts> counts;
    private List<ConnectionView> failures;
    private List<NoticeView> openNotices;

    public List<AppCounts> getCounts() {
        if (counts == null) {
            counts = new ArrayList<>();
            for (AppView app : ui.read(() -> apps.list(ui.caller(), ui.tenant())).orElse(List.of())) {
                Map<String, Long> byStatus = new LinkedHashMap<>();
                for (ConnectionStatus status : ConnectionStatus.values()) {
                    byStatus.put(status.name(), connections.list(ui.caller(), ui.tenant(), status.name(), app.app(),
                            "0", "1", null).total());
                }
                counts.add(new AppCounts(app.app(), byStatus));
            }
        }
        return counts;
    }

    public List<String> getStatuses() {
        return java.util.Arrays.stream(ConnectionStatus.values()).map(Enum::name).toList();
    }

    public List<ConnectionView> getFailures() {
        if (failures == null) {
            failures = ui.read(() -> connections.list(ui.caller(), ui.tenant(), "NEEDS_REAUTH", null, "0", "10", null))
                    .map(ConnectionPage::items).orElse(List.of());
        }
        return failures;
    }

    public List<NoticeView> getNotices() {
        if (openNotices == null) {
            openNotices = ui.read(() -> notices.list(ui.caller(), ui.tenant(), "open", "0", "20")).orElse(List.of());
        }
        return openNotices;
    }

    /** Apps flagged for mass revocation: those with an open mass-revocation notice. */
    public List<NoticeView> getMassRevocations() {
        return getNotices().stream().filter(n -> "mass_revocation".equals(n.kind())).toList();
    }
}
