package io.tokenvault.crypto.boundary;

import io.tokenvault.cluster.control.CacheInvalidation;
import io.tokenvault.crypto.control.FileKeyEncryptionKeySource;
import jakarta.enterprise.event.Observes;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.operations.HealthSignals;
import io.tokenvault.platform.control.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Holds the application's one {@link KeyRing}: the per-tenant data keys, wrapped by the key-encryption key from the
 * data directory (the embedded KEK source; a KMS plugs in as another {@code KeyEncryptionKeySource}).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class KeyRingService {

    private static final Logger LOG = Logger.getLogger(KeyRingService.class.getName());

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    private KeyRing keyRing;

    @PostConstruct
    void open() {
        FileKeyEncryptionKeySource kek = FileKeyEncryptionKeySource.open(settings.dataDir());
        keyRing = new KeyRing(dataSource, kek, clock);
        HealthSignals.keyRingLoaded(new HealthSignals.KeyRingState(kek::kekId, keyRing::keysetsByKek));
        LOG.info(() -> "Key ring ready; key-encryption key " + kek.kekId() + " from " + kek.file());
    }

    @Produces
    public KeyRing keyRing() {
        return keyRing;
    }

    public void onOtherNodesChange(@Observes CacheInvalidation.Received change) {
        if (change.is(CacheInvalidation.Region.KEYSET)) {
            keyRing.forget(change.key());
        }
    }
}
