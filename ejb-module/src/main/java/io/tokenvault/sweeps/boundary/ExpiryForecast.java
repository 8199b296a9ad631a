package io.tokenvault.sweeps.boundary;

import io.tokenvault.notices.boundary.Notices;
import io.tokenvault.notices.control.NoticeKind;
import io.tokenvault.platform.control.Nodes;
import io.tokenvault.sweeps.control.SweepLeases;
import io.tokenvault.sweeps.control.SweepSchedule;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerService;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Expiry forecast: finds active grants whose known hard expiry (a provider's {@code refresh_token_expires_in}, e.g.
 * Google's Testing apps; a catalog lifetime) falls within {@code tokenvault.forecast.days} days, and tells each tenant
 * once per app with one aggregated notice, before the grants stop working. Each grant is warned about once per
 * expiry: a refresh that moves the expiry makes it eligible again. Runs daily on one node at a time.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ExpiryForecast {

    public static final String NAME = "expiry-forecast";

    private static final Logger LOG = Logger.getLogger(ExpiryForecast.class.getName());

    /** What one run found. */
    public record Outcome(int notices, int connections) {
        @Override
        public String toString() {
            return connections + " grants expiring soon, in " + notices + " tenant notices";
        }
    }

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    Notices notices;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenvault.forecast.days", defaultValue = "7")
    int days;

    /** Every six hours at minute 41 unless a period is set (tests and operators who want it more often). */
    @Inject
    @ConfigProperty(name = "tokenvault.forecast.period-seconds", defaultValue = "0")
    long periodSeconds;

    @Resource
    TimerService timers;

    private SweepSchedule schedule;

    @PostConstruct
    void schedule() {
        schedule = SweepSchedule.of(periodSeconds, new ScheduleExpression().hour("*/6").minute(41),
                Duration.ofHours(6));
        schedule.start(timers, "grant expiry forecast");
    }

    @Timeout
    void periodically() {
        run(Duration.ofDays(days), schedule.minInterval(), schedule.lease());
    }

    /** An operator's "run now" (still one node at a time). */
    @Asynchronous
    public void runNow(Duration within) {
        run(within, Duration.ZERO, Duration.ofHours(1));
    }

    Optional<Outcome> run(Duration within, Duration minInterval, Duration lease) {
        SweepLeases leases = new SweepLeases(dataSource);
        String node = Nodes.name();
        if (!leases.claim(NAME, node, clock.instant(), lease, minInterval)) {
            return Optional.empty();
        }
        Outcome outcome = new Outcome(0, 0);
        try {
            outcome = forecast(clock.instant(), within);
            Outcome done = outcome;
            LOG.info(() -> "Expiry forecast: " + done);
            return Optional.of(outcome);
        } finally {
            leases.release(NAME, node, clock.instant(), outcome.toString());
        }
    }

    private record Group(String tenantId, String appId, String appKey, Instant earliest) {
    }

    private Outcome forecast(Instant now, Duration within) {
        Instant horizon = now.plus(within);
        int noticesPosted = 0;
        int connections = 0;
        for (Group g : groups(horizon)) {
            int marked = markWarned(g, horizon, now);
            if (marked == 0) {
                continue; // refreshed (and its expiry moved) since the query, or warned by a concurrent run
            }
            long daysLeft = Math.max(0, Duration.between(now, g.earliest()).toDays());
            notices.post(g.tenantId(), NoticeKind.EXPIRY_FORECAST, g.appId(), marked
                    + (marked == 1 ? " grant" : " grants") + " of app '" + g.appKey() + "' will expire within "
                    + within.toDays() + " days (the first on " + g.earliest() + ", in " + daysLeft + " days)",
                    "These grants stop working at a fixed time however often they are refreshed: the provider"
                    + " limits the life of their refresh tokens. Send each user the re-authorization link of their"
                    + " connection before then; a new consent starts a new grant. For a Google app in Testing"
                    + " publishing status (7-day grants), publish the app to get grants that do not expire.",
                    marked, "tenants/" + g.tenantId() + "/connections?app=" + g.appKey() + "&status=ACTIVE"
                            + "&expiringWithinDays=" + within.toDays());
            noticesPosted++;
            connections += marked;
        }
        return new Outcome(noticesPosted, connections);
    }

    private List<Group> groups(Instant horizon) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT c.tenant_id, c.app_id, a.app_key, MIN(c.grant_expires_at) FROM connection c"
                        + " JOIN oauth_app a ON a.id = c.app_id WHERE c.status = 'ACTIVE'"
                        + " AND c.grant_expires_at < ? AND c.expiry_warned_at IS NULL"
                        + " GROUP BY c.tenant_id, c.app_id, a.app_key ORDER BY c.tenant_id, a.app_key")) {
            s.setTimestamp(1, Timestamp.from(horizon));
            List<Group> groups = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    groups.add(new Group(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant()));
                }
            }
            return groups;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the grants that expire soon", e);
        }
    }

    private int markWarned(Group g, Instant horizon, Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE connection SET expiry_warned_at = ? WHERE tenant_id = ? AND app_id = ? AND status = 'ACTIVE'"
                        + " AND grant_expires_at < ? AND expiry_warned_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setString(2, g.tenantId());
            s.setString(3, g.appId());
            s.setTimestamp(4, Timestamp.from(horizon));
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the expiry warnings of app " + g.appKey(), e);
        }
    }
}
