package io.tokenvault.sweeps.boundary;

import io.tokenvault.platform.control.Nodes;
import io.tokenvault.sweeps.control.SweepLeases;
import io.tokenvault.tokens.boundary.Revalidator;
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
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keep-alive and early warning: refreshes connections nobody has used for a while, so that providers' inactivity
 * expiry never strikes (Microsoft: 90 days, Salesforce and others by policy) and a revoked grant is found, diagnosed
 * and marked NEEDS_REAUTH before a sync needs its token. Runs hourly on one node at a time ({@link SweepLeases}),
 * oldest first, at most {@code tokenvault.probe.max-per-run} connections, each provider's token endpoint at most
 * {@code tokenvault.probe.rate-per-second} refreshes a second with jitter, through the same refresh engine as any
 * other refresh.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IdleConnectionProbe {

    public static final String NAME = "idle-connection-probe";

    private static final Logger LOG = Logger.getLogger(IdleConnectionProbe.class.getName());

    /** What one run did. */
    public record Outcome(int probed, int refreshed, int failed) {
        @Override
        public String toString() {
            return probed + " idle connections probed: " + refreshed + " refreshed, " + failed
                    + " failed (each carries its own status and reason)";
        }
    }

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    Revalidator revalidator;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenvault.probe.idle-days", defaultValue = "30")
    int idleDays;

    @Inject
    @ConfigProperty(name = "tokenvault.probe.max-per-run", defaultValue = "500")
    int maxPerRun;

    @Inject
    @ConfigProperty(name = "tokenvault.probe.rate-per-second", defaultValue = "2")
    double ratePerSecond;

    /** Hourly at minute 17 unless a period is set. */
    @Inject
    @ConfigProperty(name = "tokenvault.probe.period-seconds", defaultValue = "0")
    long periodSeconds;

    @Resource
    TimerService timers;

    private SweepSchedule schedule;

    @PostConstruct
    void schedule() {
        schedule = SweepSchedule.of(periodSeconds, new ScheduleExpression().hour("*").minute(17),
                Duration.ofHours(1));
        schedule.start(timers, "idle-connection keep-alive probe");
    }

    @Timeout
    void periodically() {
        run(Duration.ofDays(idleDays), maxPerRun, schedule.minInterval());
    }

    /** An operator's "run now" (no minimum interval; still one node at a time). */
    @Asynchronous
    public void runNow(Duration idle, int max) {
        run(idle, max, Duration.ZERO);
    }

    /** Runs the probe if this node wins the sweep's lease; empty when another node runs it or ran it this period. */
    java.util.Optional<Outcome> run(Duration idle, int max, Duration minInterval) {
        SweepLeases leases = new SweepLeases(dataSource);
        String node = Nodes.name();
        if (!leases.claim(NAME, node, clock.instant(), Duration.ofHours(1), minInterval)) {
            return java.util.Optional.empty();
        }
        Outcome outcome = new Outcome(0, 0, 0);
        try {
            outcome = probe(candidates(clock.instant().minus(idle), max));
            Outcome done = outcome;
            LOG.info(() -> "Idle-connection probe: " + done);
            return java.util.Optional.of(outcome);
        } finally {
            leases.release(NAME, node, clock.instant(), outcome.toString());
        }
    }

    private record Candidate(String tenantId, String connectionId, String endpoint) {
    }

    private Outcome probe(List<Candidate> candidates) {
        Map<String, Deque<Candidate>> byEndpoint = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            byEndpoint.computeIfAbsent(c.endpoint(), e -> new ArrayDeque<>()).add(c);
        }
        long interval = (long) (1000 / Math.max(0.01, ratePerSecond));
        Map<String, Long> nextAllowed = new HashMap<>();
        int refreshed = 0;
        int failed = 0;
        while (!byEndpoint.isEmpty()) {
            // the provider whose next refresh is allowed soonest; others are never held up by a slow one's limit
            String endpoint = byEndpoint.keySet().stream()
                    .min((a, b) -> Long.compare(nextAllowed.getOrDefault(a, 0L), nextAllowed.getOrDefault(b, 0L)))
                    .orElseThrow();
            long wait = nextAllowed.getOrDefault(endpoint, 0L) - System.currentTimeMillis();
            if (wait > 0) {
                try {
                    Thread.sleep(wait); // the per-provider rate limit
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Candidate c = byEndpoint.get(endpoint).poll();
            if (byEndpoint.get(endpoint).isEmpty()) {
                byEndpoint.remove(endpoint);
            }
            long jitter = ThreadLocalRandom.current().nextLong(interval / 5 + 1);
            nextAllowed.put(endpoint, System.currentTimeMillis() + interval + jitter);
            if (revalidator.revalidate(c.tenantId(), c.connectionId()) == Revalidator.Outcome.REFRESHED) {
                refreshed++;
            } else {
                failed++;
            }
        }
        return new Outcome(refreshed + failed, refreshed, failed);
    }

    private List<Candidate> candidates(Instant idleSince, int max) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT c.tenant_id, c.id, a.token_endpoint FROM connection c JOIN oauth_app a ON a.id = c.app_id"
                        + " WHERE c.status = 'ACTIVE' AND COALESCE(c.last_refreshed_at, c.created_at) <= ?"
                        + " ORDER BY COALESCE(c.last_refreshed_at, c.created_at) LIMIT " + Math.max(1, max))) {
            s.setTimestamp(1, Timestamp.from(idleSince));
            List<Candidate> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new Candidate(rs.getString(1), rs.getString(2), host(rs.getString(3))));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot find idle connections", e);
        }
    }

    private static String host(String endpoint) {
        try {
            URI uri = URI.create(endpoint);
            return uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return endpoint;
        }
    }
}
