package io.tokenvault.jobs.rollover;

import io.tokenvault.apps.boundary.Apps;
import io.tokenvault.tenancy.control.TenantScope;
import jakarta.annotation.Resource;
import jakarta.ejb.Schedule;
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
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Every minute: RETIRING client secrets whose grace window has ended become RETIRED and are no longer tried. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CredentialRetirementSweep {

    private static final Logger LOG = Logger.getLogger(CredentialRetirementSweep.class.getName());

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    Apps apps;

    @Inject
    Clock clock;

    private record Due(String tenantId, String appId, String credentialId) {
    }

    @Schedule(hour = "*", minute = "*", persistent = false, info = "retire client secrets past their grace window")
    void retireDue() {
        List<Due> due = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT tenant_id, app_id, id FROM client_credential WHERE state = 'RETIRING'"
                        + " AND retire_after IS NOT NULL AND retire_after <= ?")) {
            s.setTimestamp(1, Timestamp.from(clock.instant()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    due.add(new Due(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Cannot look for client secrets to retire: " + e.getMessage(), e);
            return;
        }
        for (Due d : due) {
            try {
                if (TenantScope.callAs(d.tenantId(), () -> apps.retireIfDue(d.appId(), d.credentialId()))) {
                    LOG.info(() -> "Client secret " + d.credentialId() + " of app " + d.appId() + " (tenant "
                            + d.tenantId() + ") retired at the end of its grace window");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Cannot retire client secret " + d.credentialId() + ": " + e.getMessage(), e);
            }
        }
    }
}
