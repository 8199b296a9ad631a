package io.tokenvault.cluster.boundary;

import io.tokenvault.cluster.control.CacheInvalidation;
import io.tokenvault.platform.control.Nodes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wildfly.clustering.server.GroupMember;
import org.wildfly.clustering.server.Registration;
import org.wildfly.clustering.server.dispatcher.Command;
import org.wildfly.clustering.server.dispatcher.CommandDispatcher;
import org.wildfly.clustering.server.dispatcher.CommandDispatcherFactory;

/**
 * Sends each {@link CacheInvalidation} to the other nodes once the transaction that caused it has committed, and fires
 * the ones other nodes send as {@link CacheInvalidation.Received}. The transport is WildFly's command dispatcher on
 * the server's default group: the JGroups cluster in the HA configuration, this node alone otherwise. A lost message
 * is caught by {@link CacheRecheck}; it is never the only guard.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ClusterBus {

    private static final Logger LOG = Logger.getLogger(ClusterBus.class.getName());

    @Resource(lookup = "java:jboss/clustering/server/command-dispatcher-factory/default")
    CommandDispatcherFactory<GroupMember> factory;

    @Resource
    ManagedExecutorService executor;

    @Inject
    Event<CacheInvalidation.Received> received;

    private CommandDispatcher<GroupMember, Receiver> dispatcher;
    private Registration membershipListener;

    @PostConstruct
    void join() {
        dispatcher = factory.createCommandDispatcher("tokenvault-cache-invalidation", new Receiver(this),
                ClusterBus.class.getClassLoader());
        membershipListener = factory.getGroup().register(event -> LOG.info(() -> "Cluster "
                + factory.getGroup().getName() + " now has " + names(event.getCurrentMembership().getMembers())));
        LOG.info(() -> factory.getGroup().isSingleton() ? "Node " + Nodes.name() + " runs alone (no cluster)"
                : "Node " + Nodes.name() + " joined cluster " + factory.getGroup().getName() + ": " + members());
    }

    @PreDestroy
    void leave() {
        membershipListener.close();
        dispatcher.close();
    }

    /** The names of the nodes in the cluster, this one included. */
    public List<String> members() {
        return names(factory.getGroup().getMembership().getMembers());
    }

    public void send(@Observes(during = TransactionPhase.AFTER_SUCCESS) CacheInvalidation invalidation) {
        if (factory.getGroup().isSingleton()) {
            return;
        }
        try {
            Map<GroupMember, CompletionStage<Void>> replies = dispatcher.dispatchToGroup(
                    new Invalidate(invalidation, Nodes.name()), Set.of(factory.getGroup().getLocalMember()));
            replies.forEach((node, reply) -> reply.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.warning(() -> "Node " + node.getName() + " did not take a " + invalidation.region()
                            + " invalidation (its periodic recheck will catch up): " + failure);
                }
            }));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot send a " + invalidation.region() + " invalidation to the other nodes"
                    + " (their periodic recheck will catch up)", e);
        }
    }

    private void deliver(CacheInvalidation invalidation, String fromNode) {
        // off the JGroups thread, and with the container's context, so that caches may use the database
        executor.execute(() -> received.fire(new CacheInvalidation.Received(invalidation, fromNode)));
    }

    private static List<String> names(List<? extends GroupMember> nodes) {
        return nodes.stream().map(GroupMember::getName).sorted().toList();
    }

    /** The dispatcher's context on each node. */
    static final class Receiver {

        private final ClusterBus bus;

        Receiver(ClusterBus bus) {
            this.bus = bus;
        }
    }

    /**
     * The message, executed on every other node with that node's {@link Receiver}: a plain serializable class of
     * strings, so that the server's marshaller carries it.
     */
    static final class Invalidate implements Command<Void, Receiver, RuntimeException>, Serializable {

        private static final long serialVersionUID = 1L;

        private final String region;
        private final String key;
        private final String fromNode;

        Invalidate(CacheInvalidation invalidation, String fromNode) {
            this.region = invalidation.region().name();
            this.key = invalidation.key();
            this.fromNode = fromNode;
        }

        @Override
        public Void execute(Receiver receiver) {
            receiver.bus.deliver(new CacheInvalidation(CacheInvalidation.Region.valueOf(region), key), fromNode);
            return null;
        }
    }
}
