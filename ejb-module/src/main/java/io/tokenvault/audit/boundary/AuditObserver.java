package io.tokenvault.audit.boundary;

import io.tokenvault.events.ConnectionStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Puts every connection status change in the audit trail, after it committed. */
@ApplicationScoped
public class AuditObserver {

    private static final Logger LOG = Logger.getLogger(AuditObserver.class.getName());

    @Inject
    AuditTrail trail;

    void statusChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConnectionStatusChanged e) {
        try {
            trail.statusChanged(e);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "Cannot audit the status change of connection " + e.connectionId(), ex);
        }
    }
}
