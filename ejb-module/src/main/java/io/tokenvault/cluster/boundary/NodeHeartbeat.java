package io.tokenvault.cluster.boundary;

import io.tokenvault.cluster.control.Heartbeats;
import io.tokenvault.platform.control.Nodes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes this node's heartbeat every {@code tokenvault.cluster.heartbeat-seconds} (10); a node silent for
 * {@code tokenvault.cluster.node-dead-after-seconds} (45) is taken for dead, and its jobs are restarted elsewhere.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NodeHeartbeat {

    private static final Logger LOG = Logger.getLogger(NodeHeartbeat.class.getName());

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Resource
    TimerService timers;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenvault.cluster.heartbeat-seconds", defaultValue = "10")
    long heartbeatSeconds;

    @Inject
    @ConfigProperty(name = "tokenvault.cluster.node-dead-after-seconds", defaultValue = "45")
    long deadAfterSeconds;

    private Instant startedAt;

    @PostConstruct
    void start() {
        startedAt = clock.instant();
        beat();
        long millis = Math.max(1, heartbeatSeconds) * 1000;
        timers.createIntervalTimer(millis, millis, new TimerConfig("node heartbeat", false));
    }

    @Timeout
    void beat() {
        try {
            new Heartbeats(dataSource).beat(Nodes.name(), startedAt, clock.instant());
        } catch (RuntimeException e) {
            LOG.warning(() -> "Cannot write this node's heartbeat: " + e.getMessage());
        }
    }

    /** How long a node may be silent before it is taken for dead. */
    public Duration deadAfter() {
        return Duration.ofSeconds(deadAfterSeconds);
    }

    /** Whether the node has beaten recently (this node always is). */
    public boolean isAlive(String node) {
        return aliveNodes().contains(node);
    }

    /** The nodes that have beaten recently, this one always included: one read of the heartbeat table. */
    public java.util.Set<String> aliveNodes() {
        Instant now = clock.instant();
        java.util.Set<String> alive = new java.util.HashSet<>();
        alive.add(Nodes.name());
        nodes().stream().filter(b -> b.aliveAt(now, deadAfter())).forEach(b -> alive.add(b.node()));
        return alive;
    }

    public List<Heartbeats.NodeBeat> nodes() {
        return new Heartbeats(dataSource).all();
    }
}
