package io.tokenvault.apps.boundary;

import io.tokenvault.jobs.boundary.JobView;
import io.tokenvault.jobs.boundary.Jobs;
import io.tokenvault.platform.boundary.UiActions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * {@code /apps/rollover.xhtml?app=&job=}: the client-secret rollover wizard. Step one stages the new secret (POST,
 * write-only field) and starts the rollover job; step two ({@code job}) shows the job's progress live and its
 * outcome, and the app's secrets by fingerprint.
 */
@Named
@RequestScoped
public class RolloverBacking {

    @Inject
    Apps apps;

    @Inject
    SecretRollovers rollovers;

    @Inject
    Jobs jobs;

    @Inject
    UiActions ui;

    private String app;
    private String job;
    private AppView view;
    private JobView jobView;
    private String clientSecret;
    private String gracePeriodHours = "24";
    private String revalidateRatePerSecond = "10";

    private boolean loaded;

    public void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        if (app == null) {
            app = ui.param("app"); // a postback, before the view parameters reached this bean
            job = ui.param("job");
        }
        view = ui.read(() -> apps.get(ui.caller(), ui.tenant(), app)).orElse(null);
        if (view != null && job != null && !job.isBlank()) {
            jobView = ui.read(() -> jobs.get(ui.caller(), job)).orElse(null);
        }
    }

    public void start() {
        Long grace = hours(gracePeriodHours);
        Integer rate = integer(revalidateRatePerSecond);
        if (grace == null) {
            ui.error("f:gracePeriodHours", "must be a whole number of hours (0 to 720)");
        }
        if (rate == null) {
            ui.error("f:revalidateRatePerSecond", "must be a whole number (1 to 1000)");
        }
        if (grace == null || rate == null) {
            clientSecret = null;
            return;
        }
        SecretRollovers.RolloverRequest request = new SecretRollovers.RolloverRequest(clientSecret, grace, rate);
        clientSecret = null;
        ui.change(ui.tenant(), "Apps.rollover", "apps/" + app + "/secrets",
                () -> rollovers.start(ui.caller(), ui.tenant(), app, request))
                .ifPresent(started -> ui.redirect("/apps/rollover.xhtml?app=" + app + "&job=" + started.job().id()));
    }

    public boolean isRunning() {
        load();
        return jobView != null && io.tokenvault.jobs.boundary.JobProgress.isRunning(jobView.status());
    }

    private static Long hours(String value) {
        Integer h = integer(value);
        return h == null ? null : h * 3600L;
    }

    private static Integer integer(String value) {
        try {
            return value == null || value.isBlank() ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public AppView getView() {
        load();
        return view;
    }

    public JobView getJobView() {
        load();
        return jobView;
    }

    public String getApp() {
        return app;
    }

    public void setApp(String app) {
        this.app = app;
    }

    public String getJob() {
        return job;
    }

    public void setJob(String job) {
        this.job = job;
    }

    public String getClientSecret() {
        return null;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public String getGracePeriodHours() {
        return gracePeriodHours;
    }

    public void setGracePeriodHours(String gracePeriodHours) {
        this.gracePeriodHours = gracePeriodHours;
    }

    public String getRevalidateRatePerSecond() {
        return revalidateRatePerSecond;
    }

    public void setRevalidateRatePerSecond(String revalidateRatePerSecond) {
        this.revalidateRatePerSecond = revalidateRatePerSecond;
    }
}
