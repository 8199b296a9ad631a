package io.tokenvault.jobs.boundary;

import io.tokenvault.platform.boundary.UiActions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * {@code /jobs/} and {@code /jobs/job.xhtml?id=}: the jobs the user may see (a platform admin every job, a tenant admin
 * its own tenant's), one job's live progress, and restarting a failed or stopped one.
 */
@Named
@RequestScoped
public class JobsBacking {

    @Inject
    Jobs jobs;

    @Inject
    UiActions ui;

    private String id;
    private String page = "0";
    private JobView job;
    private boolean loaded;
    private List<JobView> list;

    public List<JobView> getJobs() {
        if (list == null) {
            list = ui.read(() -> jobs.list(ui.caller(), page, "50")).orElse(List.of());
        }
        return list;
    }

    /** GET of one job; 404 for an unknown job or another tenant's. */
    public void load() {
        if (id == null) {
            id = ui.param("id"); // a postback, before the view parameter reached this bean
        }
        if (!loaded && id != null) {
            loaded = true;
            job = ui.read(() -> jobs.get(ui.caller(), id)).orElse(null);
        }
    }

    public void restart() {
        String tenant = ui.caller().isPlatformAdmin() ? null : ui.tenant();
        ui.change(tenant, "Jobs.restart", "jobs/" + id, () -> jobs.restart(ui.caller(), id)).ifPresent(restarted -> {
            ui.info("Job " + id + " restarted.");
            ui.redirect("/jobs/job.xhtml?id=" + id);
        });
    }

    public JobView getJob() {
        load();
        return job;
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
        this.page = page;
    }

    public boolean isRestartable(JobView j) {
        return "FAILED".equals(j.status()) || "STOPPED".equals(j.status());
    }
}
