package io.tokenvault.apps.boundary;

import io.tokenvault.jobs.boundary.JobView;
import io.tokenvault.jobs.boundary.Jobs;
import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.tenancy.boundary.Caller;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Zero-downtime client-secret rollover ({@code POST /api/v1/tenants/{t}/apps/{app}/secrets}): the new secret is
 * staged, then the {@code rollover-client-secret} job verifies it with the provider, promotes it (the old one stays a
 * fallback for the grace window), re-validates the connections last refreshed with the old one at a limited rate,
 * and retires the old one when the grace window has passed.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SecretRollovers {

    public static final String JOB = "rollover-client-secret";

    /** Request body of a rollover. */
    public record RolloverRequest(String clientSecret, Long gracePeriodSeconds, Integer revalidateRatePerSecond) {
    }

    /** {@code 202} of a rollover. */
    public record RolloverStarted(JobView job) {
    }

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    Apps apps;

    @Inject
    Jobs jobs;

    public RolloverStarted start(Caller caller, String tenantId, String appKey, RolloverRequest request) {
        RolloverRequest r = request == null ? new RolloverRequest(null, null, null) : request;
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        long grace = r.gracePeriodSeconds() == null ? 24 * 3600 : r.gracePeriodSeconds();
        if (grace < 0 || grace > 30L * 24 * 3600) {
            errors.add("gracePeriodSeconds", "must be between 0 and 2592000 (30 days)");
        }
        int rate = r.revalidateRatePerSecond() == null ? 10 : r.revalidateRatePerSecond();
        if (rate < 1 || rate > 1000) {
            errors.add("revalidateRatePerSecond", "must be between 1 and 1000");
        }
        if (r.clientSecret() == null || r.clientSecret().isBlank()) {
            errors.add("clientSecret", "is required");
        }
        errors.throwIfAny();
        Apps.StagedSecret staged = apps.stageSecret(caller, tenantId, appKey, r.clientSecret());
        Properties parameters = new Properties();
        parameters.setProperty("app", staged.appId());
        parameters.setProperty("staged", staged.credentialId());
        if (staged.activeCredentialId() != null) {
            parameters.setProperty("previous", staged.activeCredentialId());
        }
        parameters.setProperty("graceSeconds", Long.toString(grace));
        parameters.setProperty("ratePerSecond", Integer.toString(rate));
        long total = connectionsOn(tenantId, staged.appId(), staged.activeCredentialId());
        return new RolloverStarted(jobs.start(caller, JOB, tenantId, total, parameters));
    }

    private long connectionsOn(String tenantId, String appId, String credentialId) {
        if (credentialId == null) {
            return 0;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM connection WHERE tenant_id = ? AND app_id = ? AND status = 'ACTIVE'"
                        + " AND grant_credential_id = ?")) {
            s.setString(1, tenantId);
            s.setString(2, appId);
            s.setString(3, credentialId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count the connections of app " + appId, e);
        }
    }
}
