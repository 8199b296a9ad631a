package io.tokenvault.apikeys.boundary;

import io.tokenvault.platform.boundary.UiActions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * {@code /apikeys/}: the tenant's API keys (never the key, only its first characters); issuing one for a sync worker
 * or an automation (the key is shown once, on the answer to the POST), revoking one.
 */
@Named
@RequestScoped
public class ApiKeysBacking {

    @Inject
    ApiKeys apiKeys;

    @Inject
    UiActions ui;

    private String role = "worker";
    private String label;
    private IssuedApiKey issued;
    private List<ApiKeyView> list;

    public List<ApiKeyView> getKeys() {
        if (list == null) {
            list = ui.read(() -> apiKeys.list(ui.caller(), ui.tenant())).orElse(List.of());
        }
        return list;
    }

    public void issue() {
        ui.change(ui.tenant(), "ApiKeys.issue", "api-keys", () -> apiKeys.issue(ui.caller(), ui.tenant(), role, label))
                .ifPresent(key -> {
                    issued = key;
                    label = null;
                    list = null;
                });
    }

    public void revoke() {
        String id = ui.param("revoke");
        ui.change(ui.tenant(), "ApiKeys.revoke", "api-keys/" + id, () -> apiKeys.revoke(ui.caller(), ui.tenant(), id))
                .ifPresent(revoked -> {
                    ui.info("Key " + revoked.prefix() + "… revoked; it is refused from its next request on.");
                    ui.redirect("/apikeys/index.xhtml");
                });
    }

    public List<String> getRoles() {
        return List.of("worker", "tenant-admin");
    }

    public IssuedApiKey getIssued() {
        return issued;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public String getLabel() {
        return label;
    }

    public void setLabel(String label) {
        this.label = label;
    }
}
