package io.tokenvault.sweeps.boundary;

import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.sweeps.control.SweepLeases;
import io.tokenvault.tenancy.boundary.Caller;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/** Operators' view of the scheduled sweeps, and "run now". Platform admins only. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Sweeps {

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    IdleConnectionProbe probe;

    @Inject
    ExpiryForecast forecast;

    @Inject
    io.tokenvault.jobs.boundary.OrphanedJobs orphanedJobs;

    public List<SweepLeases.SweepState> list(Caller caller) {
        caller.requirePlatformAdmin("Sweeps are run by platform admins");
        return new SweepLeases(dataSource).all();
    }

    /** The latest runs of a sweep, newest first ({@code limit} 1 to 1000, default 50). */
    public List<SweepLeases.SweepRun> runs(Caller caller, String name, String limit) {
        caller.requirePlatformAdmin("Sweeps are run by platform admins");
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        int max = errors.integer("limit", limit, 50);
        if (max < 1 || max > 1000) {
            errors.add("limit", "must be between 1 and 1000");
        }
        errors.throwIfAny();
        if (new SweepLeases(dataSource).all().stream().noneMatch(s -> s.name().equals(name))) {
            throw NoSuchResourceException.of("Sweep", name);
        }
        return new SweepLeases(dataSource).runs(name, max);
    }

    /**
     * Starts the sweep now, in the background; its outcome appears in {@link #list}. {@code idleDays} and {@code max}
     * apply to the idle-connection probe, {@code days} (the forecast's horizon) to the expiry forecast.
     */
    public void runNow(Caller caller, String name, Integer idleDays, Integer max, Integer days) {
        caller.requirePlatformAdmin("Sweeps are run by platform admins");
        if (ExpiryForecast.NAME.equals(name)) {
            if (days != null && (days < 0 || days > 3650)) {
                throw InvalidInputException.of("days", "must be between 0 and 3650");
            }
            forecast.runNow(Duration.ofDays(days == null ? 7 : days));
            return;
        }
        if (io.tokenvault.jobs.boundary.OrphanedJobs.NAME.equals(name)) {
            orphanedJobs.runNow();
            return;
        }
        if (!IdleConnectionProbe.NAME.equals(name)) {
            throw NoSuchResourceException.of("Sweep", name);
        }
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        if (idleDays != null && (idleDays < 0 || idleDays > 3650)) {
            errors.add("idleDays", "must be between 0 and 3650");
        }
        if (max != null && (max < 1 || max > 100_000)) {
            errors.add("max", "must be between 1 and 100000");
        }
        errors.throwIfAny();
        probe.runNow(Duration.ofDays(idleDays == null ? 30 : idleDays), max == null ? 500 : max);
    }
}
