package io.tokenvault.apps.boundary;

import io.tokenvault.platform.boundary.UiActions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** {@code /apps/}: the tenant's OAuth apps. */
@Named
@RequestScoped
public class AppsBacking {

    @Inject
    Apps apps;

    @Inject
    UiActions ui;

    private List<AppView> list;

    public List<AppView> getApps() {
        if (list == null) {
            list = ui.read(() -> apps.list(ui.caller(), ui.tenant())).orElse(List.of());
        }
        return list;
    }

    /** The fingerprint of the app's ACTIVE secret, or a dash. */
    public String activeFingerprint(AppView app) {
        return app.clientSecrets().stream().filter(s -> "ACTIVE".equals(s.state())).map(AppView.SecretView::fingerprint)
                .findFirst().orElse("—");
    }
}
