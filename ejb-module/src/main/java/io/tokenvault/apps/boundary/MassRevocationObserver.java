package io.tokenvault.apps.boundary;

import io.tokenvault.events.ConnectionStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Hands every connection that lost its grant to {@link MassRevocations}, after the change committed. */
@ApplicationScoped
public class MassRevocationObserver {

    private static final Logger LOG = Logger.getLogger(MassRevocationObserver.class.getName());

    @Inject
    MassRevocations massRevocations;

    void statusChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConnectionStatusChanged e) {
        try {
            massRevocations.failed(e);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "Mass-revocation check failed for connection " + e.connectionId(), ex);
        }
    }
}
