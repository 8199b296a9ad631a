package io.tokenvault.jobs.rollover;

import io.tokenvault.apps.boundary.Apps;
import io.tokenvault.apps.control.AppRegistration;
import io.tokenvault.apps.control.AppRegistry;
import io.tokenvault.crypto.control.AssociatedData;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Sealed;
import io.tokenvault.crypto.control.SecretValue;
import io.tokenvault.jobs.control.JobRuns;
import io.tokenvault.oauth.control.ClientCredentials;
import io.tokenvault.oauth.control.TokenEndpointClient;
import io.tokenvault.oauth.control.TokenResponseOutcome;
import io.tokenvault.tenancy.control.TenantScope;
import jakarta.annotation.Resource;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * First step of a rollover: asks the provider whether it accepts the staged secret, with a {@code client_credentials}
 * grant, which authenticates the client without touching any user's grant. A provider that issues a token, or that
 * refuses only the grant type or the scope (so it did authenticate the client), accepted the secret: it is promoted.
 * {@code invalid_client} (or {@code unauthorized_client}, as some providers say it) means refused: the staged secret
 * is FAILED with the provider's answer, the active one stays, and the job ends VERIFICATION_FAILED. A provider that
 * cannot be reached fails the step, to be restarted; nothing has changed then.
 */
@Dependent
@Named("secretVerification")
public class SecretVerification extends AbstractBatchlet {

    private static final Logger LOG = Logger.getLogger(SecretVerification.class.getName());
    private static final Set<String> CLIENT_WAS_AUTHENTICATED = Set.of("unsupported_grant_type", "invalid_scope",
            "invalid_grant");

    @Inject
    @BatchProperty
    String run;

    @Inject
    @BatchProperty
    String tenant;

    @Inject
    @BatchProperty
    String app;

    @Inject
    @BatchProperty
    String staged;

    @Inject
    @BatchProperty
    String graceSeconds;

    @Inject
    KeyRing keyRing;

    @Inject
    AppRegistry registry;

    @Inject
    Apps apps;

    @Inject
    Clock clock;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Override
    public String process() {
        AppRegistration registration = registry.byId(app)
                .orElseThrow(() -> new IllegalStateException("App " + app + " is no longer registered"));
        TokenResponseOutcome outcome;
        TokenEndpointClient client = new TokenEndpointClient(clock, Duration.ofSeconds(5), Duration.ofSeconds(20),
                Duration.ofSeconds(30));
        try (SecretValue secret = keyRing.open(tenant, AssociatedData.CLIENT_SECRET, staged, stagedSecret());
                ClientCredentials credentials = new ClientCredentials(registration.clientId(), secret,
                        registration.authMethod())) {
            outcome = client.clientCredentials(credentials, registration.tokenEndpoint(), Set.of());
        }
        JobRuns runs = new JobRuns(dataSource);
        if (outcome instanceof TokenResponseOutcome.Unavailable u) {
            throw new IllegalStateException("The provider's token endpoint is unavailable (" + u.kind()
                    + "); the new secret is still staged: restart the job");
        }
        if (outcome instanceof TokenResponseOutcome.Rejected r && !CLIENT_WAS_AUTHENTICATED.contains(r.error())) {
            String answer = r.error() + r.description().map(d -> ": " + d).orElse("");
            TenantScope.callAs(tenant, () -> {
                apps.failStaged(app, staged, answer);
                return null;
            });
            runs.detail(run, "The provider refused the new secret (" + answer + "); the active secret is unchanged");
            LOG.info(() -> "Rollover run " + run + ": the provider refused the staged secret of app " + app + " ("
                    + r.error() + ")");
            return "VERIFICATION_FAILED";
        }
        java.time.Instant retireAfter = clock.instant().plusSeconds(Long.parseLong(graceSeconds));
        TenantScope.callAs(tenant, () -> {
            apps.promote(app, staged, retireAfter);
            return null;
        });
        runs.detail(run, "The provider accepted the new secret; it is ACTIVE, the previous one RETIRING until "
                + retireAfter);
        LOG.info(() -> "Rollover run " + run + ": new secret of app " + app + " verified and promoted");
        return "VERIFIED";
    }

    private Sealed stagedSecret() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT secret_ciphertext, secret_key_id, state FROM client_credential WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, tenant);
            s.setString(2, staged);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !"STAGED".equals(rs.getString(3))) {
                    throw new IllegalStateException("Credential " + staged + " is not staged any more");
                }
                return new Sealed((int) rs.getLong(2), KeyRing.decode(rs.getString(1)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the staged secret", e);
        }
    }
}
