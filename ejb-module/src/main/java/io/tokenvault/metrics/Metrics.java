package io.tokenvault.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tokenvault.crypto.control.SealedTable;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * This node's metrics registry. Counters and the latency timer are updated where things happen (a few tens of
 * nanoseconds each, on the token API's path too); the gauges that need the database (connections by status, sealed
 * values per key, running jobs) are read when metrics are scraped, at most every 15 seconds. Labels are bounded:
 * provider ids, outcomes, error codes from the providers' answers (OAuth codes, a handful per provider), statuses,
 * key ids and job names; never a tenant's data, and never a token.
 */
@ApplicationScoped
public class Metrics {

    private static final Logger LOG = Logger.getLogger(Metrics.class.getName());
    private static final long DATABASE_GAUGES_MILLIS = 15_000;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    private PrometheusMeterRegistry registry;
    private Counter cacheHits;
    private Counter cacheMisses;
    private MultiGauge connectionsByStatus;
    private MultiGauge sealedValuesByKey;
    private MultiGauge jobRows;
    private volatile long databaseGaugesReadAt;

    @PostConstruct
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        cacheHits = Counter.builder("tokenvault.token.requests").tag("source", "cache")
                .description("Access tokens handed out, by where they came from (cache: this node's memory)")
                .register(registry);
        cacheMisses = Counter.builder("tokenvault.token.requests").tag("source", "store")
                .description("Access tokens handed out, by where they came from (cache: this node's memory)")
                .register(registry);
        connectionsByStatus = MultiGauge.builder("tokenvault.connections")
                .description("Connections by status (all tenants)").register(registry);
        sealedValuesByKey = MultiGauge.builder("tokenvault.sealed.values")
                .description("Encrypted values (tokens, secrets) under each data key").register(registry);
        jobRows = MultiGauge.builder("tokenvault.job.rows")
                .description("Rows of the running batch jobs, by state (total, done, skipped, failed)")
                .register(registry);
    }

    /** A token was handed out from this node's memory or not. */
    public void answered(boolean fromCache) {
        (fromCache ? cacheHits : cacheMisses).increment();
    }

    /** How many token API calls this node has answered since it started (a running total). */
    public double tokenAnswers() {
        return cacheHits.count() + cacheMisses.count();
    }

    /** A refresh yielded tokens. */
    public void refreshed(String provider, Duration took) {
        refreshes(provider, "refreshed").increment();
        latency(provider, "refreshed").record(took);
    }

    /** A refresh failed: {@code kind} rejected (with the provider's error code) or unavailable (what happened). */
    public void refreshFailed(String provider, String kind, String error, Duration took) {
        refreshes(provider, kind).increment();
        latency(provider, kind).record(took);
        Counter.builder("tokenvault.provider.errors").tags("provider", provider, "kind", kind, "error", clip(error))
                .description("Provider answers that were not tokens, by error code").register(registry)
                .increment();
    }

    /** A webhook delivery attempt ended: delivered, failed (will be retried) or dead. */
    public void webhookDelivery(String outcome) {
        Counter.builder("tokenvault.webhook.deliveries").tag("outcome", outcome)
                .description("Webhook delivery attempts by outcome").register(registry).increment();
    }

    /** The registry in the Prometheus text format. */
    public String scrape() {
        refreshDatabaseGauges();
        return registry.scrape();
    }

    private Counter refreshes(String provider, String outcome) {
        return Counter.builder("tokenvault.refreshes").tags("provider", provider, "outcome", outcome)
                .description("Refresh-token grants sent to providers, by provider and outcome").register(registry);
    }

    private Timer latency(String provider, String outcome) {
        return Timer.builder("tokenvault.refresh.latency").tags("provider", provider, "outcome", outcome)
                .description("Time the provider's token endpoint took to answer a refresh")
                .publishPercentileHistogram().register(registry);
    }

    private synchronized void refreshDatabaseGauges() {
        long now = System.currentTimeMillis();
        if (now - databaseGaugesReadAt < DATABASE_GAUGES_MILLIS) {
            return;
        }
        databaseGaugesReadAt = now;
        try (Connection c = dataSource.getConnection()) {
            connectionsByStatus.register(rows(c, "SELECT status, COUNT(*) FROM connection GROUP BY status",
                    rs -> MultiGauge.Row.of(Tags.of("status", rs.getString(1)), rs.getLong(2))), true);
            List<MultiGauge.Row<?>> keys = new ArrayList<>();
            for (SealedTable table : SealedTable.values()) {
                for (SealedTable.Column column : table.columns()) {
                    String name = table.table() + "." + column.keyId();
                    keys.addAll(rows(c, "SELECT " + column.keyId() + ", COUNT(*) FROM " + table.table() + " WHERE "
                            + column.keyId() + " IS NOT NULL GROUP BY " + column.keyId(), rs -> MultiGauge.Row.of(
                                    Tags.of("key", Long.toString(rs.getLong(1)), "column", name), rs.getLong(2))));
                }
            }
            sealedValuesByKey.register(keys, true);
            jobRows.register(jobRowsOf(c), true);
        } catch (SQLException | RuntimeException e) {
            LOG.warning(() -> "Cannot read the database gauges: " + e);
        }
    }

    private static List<MultiGauge.Row<?>> jobRowsOf(Connection c) throws SQLException {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.job_name, r.id, r.total, r.done, r.skipped, r.failed"
                + " FROM job_run r JOIN JOB_EXECUTION e ON e.JOBEXECUTIONID = r.execution_id"
                + " WHERE e.BATCHSTATUS IN ('STARTING', 'STARTED', 'STOPPING')"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String[] states = {"total", "done", "skipped", "failed"};
                for (int i = 0; i < states.length; i++) {
                    rows.add(MultiGauge.Row.of(Tags.of("job", rs.getString(1), "run", rs.getString(2), "state",
                            states[i]), rs.getLong(3 + i)));
                }
            }
        }
        return rows;
    }

    private interface RowReader {
        MultiGauge.Row<?> read(ResultSet rs) throws SQLException;
    }

    private static List<MultiGauge.Row<?>> rows(Connection c, String sql, RowReader reader) throws SQLException {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(reader.read(rs));
            }
        }
        return rows;
    }

    private static String clip(String error) {
        if (error == null) {
            return "none";
        }
        String safe = error.replaceAll("[^A-Za-z0-9_.-]", "_");
        return safe.length() > 64 ? safe.substring(0, 64) : safe;
    }
}
