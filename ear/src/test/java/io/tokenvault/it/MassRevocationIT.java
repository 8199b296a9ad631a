package io.tokenvault.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SimulatedClient;
import io.tokenvault.simulator.SimulatorClock;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Field report: an organisation admin revoked the app, and hundreds of connections died at once. The tenant gets
 * exactly one aggregated notice with the count and the likely cause, not one per connection; every connection still
 * carries its own status; webhook subscribers get one {@code app.mass_revocation} event.
 */
@ExtendWith(DatabaseUnderTest.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MassRevocationIT {

    static final int CONNECTIONS = 500;

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
    void anAdminRevocationOf500ConnectionsYieldsExactlyOneNotice() throws Exception {
        VaultFixture v = new VaultFixture(sim, LEAKS, "massrev");
        SimulatedClient client = v.app("crm");
        List<String> connections = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            connections.add(v.connect(client, "crm", "user-" + i));
        }
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            String hook = WebhooksIT.subscribe(v, receiver, "app.mass_revocation");
            assertThat(sim.revokeClient(client.clientId())).isEqualTo(CONNECTIONS); // the organisation admin

            ExecutorService workers = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (String connection : connections) {
                    answers.add(workers.submit(() -> v.token(connection).status()));
                }
                for (Future<Integer> answer : answers) {
                    assertThat(answer.get()).isEqualTo(409);
                }
            } finally {
                workers.shutdownNow();
            }

            JsonArray notices = v.admin.get("/api/v1/tenants/" + v.tenant + "/notices").array();
            assertThat(notices).as("one aggregated notice, not one per connection").hasSize(1);
            JsonObject notice = notices.getJsonObject(0);
            assertThat(notice.getString("kind")).isEqualTo("mass_revocation");
            assertThat(notice.getString("app")).isEqualTo("crm");
            assertThat(notice.getInt("affected")).isEqualTo(CONNECTIONS);
            assertThat(notice.getString("detail")).contains("revoked").contains("administrator");
            Reply affected = v.admin.get(notice.getString("affectedConnections") + "&size=1");
            assertThat(affected.json().getJsonNumber("total").longValue()).isEqualTo(CONNECTIONS);
            for (String connection : connections.subList(0, 20)) {
                JsonObject view = v.connection(connection);
                assertThat(view.getString("status")).isEqualTo("NEEDS_REAUTH");
                assertThat(view.getString("statusReason")).isNotBlank();
            }
            // the deliveries were stored before the token calls answered: exactly one, then sent
            JsonArray log = WebhooksIT.awaitDeliveries(v, hook, d -> d.size() == 1
                    && d.getJsonObject(0).getString("status").equals("DELIVERED"));
            assertThat(log).hasSize(1);
            List<WebhookReceiver.Received> events = receiver.received();
            assertThat(events).hasSize(1).allMatch(WebhookReceiver.Received::valid);
            assertThat(events.get(0).body()).contains("app.mass_revocation").contains("\"app\":\"crm\"");
        }
    }
}
