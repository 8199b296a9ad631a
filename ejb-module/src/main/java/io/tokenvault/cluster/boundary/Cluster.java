package io.tokenvault.cluster.boundary;

import io.tokenvault.cluster.control.Heartbeats;
import io.tokenvault.platform.control.Nodes;
import io.tokenvault.tenancy.boundary.Caller;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** What an operator sees of the cluster: this node, the members the cluster messaging sees, every node's heartbeat. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Cluster {

    /** One node as its heartbeat shows it. */
    public record NodeState(String node, Instant startedAt, Instant seenAt, boolean alive) {
    }

    /** The cluster from this node's point of view. */
    public record ClusterState(String node, List<String> members, List<NodeState> nodes) {
    }

    @Inject
    ClusterBus bus;

    @Inject
    NodeHeartbeat heartbeat;

    @Inject
    Clock clock;

    public ClusterState state(Caller caller) {
        caller.requirePlatformAdmin("The cluster is watched by platform admins");
        Instant now = clock.instant();
        List<NodeState> nodes = heartbeat.nodes().stream().map((Heartbeats.NodeBeat b) -> new NodeState(b.node(),
                b.startedAt(), b.seenAt(), b.aliveAt(now, heartbeat.deadAfter()))).toList();
        return new ClusterState(Nodes.name(), bus.members(), nodes);
    }
}
