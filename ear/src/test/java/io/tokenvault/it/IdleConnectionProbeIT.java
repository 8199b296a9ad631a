package io.tokenvault.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SeededGrant;
import io.tokenvault.simulator.SimulatedClient;
import io.tokenvault.simulator.SimulatorClock;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The idle-connection probe finds a revoked grant before any sync asks for its token, and keeps the others alive; it
 * runs on one node at a time (a run already under way is not started twice).
 */
@ExtendWith(DatabaseUnderTest.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IdleConnectionProbeIT {

    static ProviderSimulator sim;
    static final SecretLeakScan LEAKS = new SecretLeakScan();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.productEar();
    }

    @BeforeAll
    static void startProvider() {
        sim = ProviderSimulator.start(SimulatorClock.ticking());
    }

    @AfterAll
    static void stopProviderAndScanForLeaks() throws Exception {
        LEAKS.closeAndAssertNoLeaks(sim);
    }

    @Test
    void theProbeFindsARevokedGrantBeforeAnySyncAndKeepsTheOthersAlive() throws Exception {
        VaultFixture v = new VaultFixture(sim, LEAKS, "probe");
        SimulatedClient client = v.app("crm");
        List<String> connections = new ArrayList<>();
        List<String> grants = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SeededGrant grant = sim.issueGrant(client.clientId(), "idle-" + i, "files.read");
            grants.add(grant.grantId());
            connections.add(v.importGrant("crm", "idle-" + i, grant.refreshToken(), null, null));
        }
        sim.revokeGrant(grants.get(2)); // the user revoked the app at the provider; no sync has noticed yet
        long refreshesBefore = sim.counters().refreshCalls();

        Api admin = Api.asPlatformAdmin();
        String before = lastEnded(admin, "idle-connection-probe");
        Reply run = admin.post("/api/v1/admin/sweeps/idle-connection-probe/run?idleDays=0&max=100000", "");
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        JsonObject sweep = awaitRunAfter(admin, "idle-connection-probe", before);
        assertThat(sweep.getString("lastOutcome")).contains("failed");

        assertThat(v.connection(connections.get(2)).getString("status")).isEqualTo("NEEDS_REAUTH");
        for (int i : new int[] {0, 1, 3}) {
            JsonObject view = v.connection(connections.get(i));
            assertThat(view.getString("status")).isEqualTo("ACTIVE");
            assertThat(view.containsKey("lastRefreshedAt") && !view.isNull("lastRefreshedAt")).isTrue();
        }
        assertThat(sim.counters().refreshCalls() - refreshesBefore).isGreaterThanOrEqualTo(4);
        // a sync asking now is told at once, without another provider call
        long calls = sim.counters().refreshCalls();
        Reply token = v.token(connections.get(2));
        assertThat(token.status()).isEqualTo(409);
        assertThat(sim.counters().refreshCalls()).isEqualTo(calls);
    }

    @Test
    void onlyPlatformAdminsRunSweepsAndInputIsChecked() {
        VaultFixture v = new VaultFixture(sim, LEAKS, "probeauth");
        assertThat(v.worker.get("/api/v1/admin/sweeps").status()).isEqualTo(403);
        Api admin = Api.asPlatformAdmin();
        assertThat(admin.post("/api/v1/admin/sweeps/no-such-sweep/run", "").status()).isEqualTo(404);
        Reply bad = admin.post("/api/v1/admin/sweeps/idle-connection-probe/run?idleDays=-1", "");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("idleDays");
        Reply list = admin.get("/api/v1/admin/sweeps");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.array().stream().map(j -> j.asJsonObject().getString("name")))
                .containsExactly("expiry-forecast", "idle-connection-probe", "orphaned-jobs");
    }

    static JsonObject sweep(Api admin, String name) {
        return admin.get("/api/v1/admin/sweeps").array().stream().map(JsonObject.class::cast)
                .filter(j -> j.getString("name").equals(name)).findFirst().orElseThrow();
    }

    static String lastEnded(Api admin, String name) {
        JsonObject sweep = sweep(admin, name);
        return !sweep.containsKey("lastEndedAt") || sweep.isNull("lastEndedAt") ? "" : sweep.getString("lastEndedAt");
    }

    static JsonObject awaitRunAfter(Api admin, String name, String previousEnd) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonObject sweep = sweep(admin, name);
            if (sweep.containsKey("lastEndedAt") && !sweep.isNull("lastEndedAt")
                    && !sweep.getString("lastEndedAt").equals(previousEnd)
                    && (!sweep.containsKey("leaseUntil") || sweep.isNull("leaseUntil"))) {
                return sweep;
            }
            Thread.sleep(200); // waiting for the background run to end, not timing it
        }
        throw new AssertionError("the sweep " + name + " did not finish within 120 s");
    }
}
