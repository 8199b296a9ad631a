package io.tokenvault.crypto.boundary;

import io.tokenvault.jobs.boundary.JobView;
import io.tokenvault.jobs.boundary.Jobs;
import io.tokenvault.platform.boundary.UiActions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * {@code /crypto/keys.xhtml?job=} (platform admins): every tenant's data keys with their state and the number of
 * values each protects; rotation (then the re-encryption job's live progress), and disable, enable and destroy of one
 * key, guarded exactly as the API guards them (the primary key cannot be disabled; a key still in use cannot be
 * destroyed).
 */
@Named
@RequestScoped
public class EncryptionKeysBacking {

    @Inject
    EncryptionKeys keys;

    @Inject
    Jobs jobs;

    @Inject
    UiActions ui;

    private String job;
    private String rotateTenant;
    private JobView jobView;
    private List<EncryptionKeyViews.TenantKeys> list;

    public List<EncryptionKeyViews.TenantKeys> getTenantKeys() {
        if (list == null) {
            list = ui.read(() -> keys.list(ui.caller(), null)).orElse(List.of());
        }
        return list;
    }

    public JobView getJobView() {
        if (jobView == null && job != null && !job.isBlank()) {
            jobView = ui.read(() -> jobs.get(ui.caller(), job)).orElse(null);
        }
        return jobView;
    }

    public void rotate() {
        String tenant = rotateTenant == null || rotateTenant.isBlank() ? null : rotateTenant;
        ui.change(tenant, "EncryptionKeys.rotate", "admin/encryption-keys/rotate" + (tenant == null ? "" : "?tenant="
                + tenant), () -> keys.rotate(ui.caller(), tenant, RotationTuning.DEFAULTS)).ifPresent(rotation -> {
                    ui.info("New primary key" + (rotation.keys().size() == 1 ? "" : "s") + " added; re-encryption"
                            + " started.");
                    ui.redirect("/crypto/keys.xhtml?job=" + rotation.job().id());
                });
    }

    public void disable() {
        keyAction("disable");
    }

    public void enable() {
        keyAction("enable");
    }

    public void destroy() {
        keyAction("destroy");
    }

    private void keyAction(String action) {
        String tenant = ui.param("tenant");
        long keyId;
        try {
            keyId = Long.parseLong(ui.param("keyId"));
        } catch (NumberFormatException | NullPointerException e) {
            ui.notFound();
            return;
        }
        ui.change(tenant, "EncryptionKeys." + action, "admin/encryption-keys/" + tenant + "/" + keyId + "/" + action,
                () -> switch (action) {
                    case "disable" -> keys.disable(ui.caller(), tenant, keyId);
                    case "enable" -> keys.enable(ui.caller(), tenant, keyId);
                    default -> keys.destroy(ui.caller(), tenant, keyId);
                }).ifPresent(done -> {
                    ui.info("Key " + keyId + " of tenant " + tenant + " " + ("destroy".equals(action) ? "destroyed"
                            : action + "d") + ".");
                    ui.redirect("/crypto/keys.xhtml");
                });
    }

    public String getJob() {
        return job;
    }

    public void setJob(String job) {
        this.job = job;
    }

    public String getRotateTenant() {
        return rotateTenant;
    }

    public void setRotateTenant(String rotateTenant) {
        this.rotateTenant = rotateTenant;
    }
}
