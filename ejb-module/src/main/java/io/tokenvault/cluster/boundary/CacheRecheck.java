package io.tokenvault.cluster.boundary;

import io.tokenvault.apikeys.control.ApiKeyCache;
import io.tokenvault.apps.control.AppRegistry;
import io.tokenvault.crypto.control.KeyRing;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The database version check behind the cluster messages: every {@code tokenvault.cluster.recheck-seconds} (30) each
 * node compares its cached registrations and keysets with the stored versions and drops what moved, and lets its
 * API-key cache be re-read. A node that missed a message (partitioned away for a while, or started while it was
 * sent) is then at most that long behind.
 */
@Singleton
@Startup
@DependsOn({"AppRegistry", "KeyRingService"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CacheRecheck {

    private static final Logger LOG = Logger.getLogger(CacheRecheck.class.getName());

    @Resource
    TimerService timers;

    @Inject
    AppRegistry registry;

    @Inject
    KeyRing keyRing;

    @Inject
    ApiKeyCache apiKeys;

    @Inject
    @ConfigProperty(name = "tokenvault.cluster.recheck-seconds", defaultValue = "30")
    long recheckSeconds;

    private final AtomicBoolean running = new AtomicBoolean();

    @PostConstruct
    void schedule() {
        long millis = Math.max(1, recheckSeconds) * 1000;
        timers.createIntervalTimer(millis, millis, new TimerConfig("cache recheck", false));
    }

    @Timeout
    void recheck() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            registry.reloadIfChanged();
            int keysets = keyRing.forgetChanged();
            if (keysets > 0) {
                LOG.info(() -> keysets + " keyset(s) changed without a message reaching this node; reloading them");
            }
            apiKeys.expireAll();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cache recheck failed; next try in " + recheckSeconds + " s", e);
        } finally {
            running.set(false);
        }
    }
}
