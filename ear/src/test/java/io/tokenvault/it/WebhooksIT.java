package io.tokenvault.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SimulatedClient;
import io.tokenvault.simulator.SimulatorClock;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signed webhooks: a tenant's receiver gets every event it subscribed to, signed per Standard Webhooks (verified by
 * the receiver from the specification); a receiver that is down gets the delivery again later; after the last try it
 * is dead-lettered and can be redelivered on request; the delivery log shows it all; the secret is shown once.
 * The IT servers run with TOKENVAULT_WEBHOOKS_RETRY_BASE_MILLIS=200 and TOKENVAULT_WEBHOOKS_MAX_ATTEMPTS=4 (see
 * ear/pom.xml), and allow the loopback receiver.
 */
@ExtendWith(DatabaseUnderTest.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebhooksIT {

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
    void aRevokedGrantIsAnnouncedSignedAndRetriedUntilTheReceiverIsUp() throws Exception {
        VaultFixture v = new VaultFixture(sim, LEAKS, "hooks");
        SimulatedClient client = v.app("crm");
        try (WebhookReceiver receiver = new WebhookReceiver(2)) { // down for the first two tries
            String hook = subscribe(v, receiver, "connection.status_changed", "connection.refresh_failed");
            String connection = v.connect(client, "crm", "hook-user");
            sim.revokeGrant(sim.grants(client.clientId(), "hook-user").get(0).id());

            assertThat(v.token(connection).status()).isEqualTo(409);

            JsonArray log = awaitDeliveries(v, hook, d -> d.size() == 2
                    && d.stream().allMatch(x -> x.asJsonObject().getString("status").equals("DELIVERED")));
            JsonObject statusChanged = find(log, "connection.status_changed");
            JsonObject data = body(statusChanged).getJsonObject("data");
            assertThat(data.getString("connectionId")).isEqualTo(connection);
            assertThat(data.getString("from")).isEqualTo("ACTIVE");
            assertThat(data.getString("to")).isEqualTo("NEEDS_REAUTH");
            assertThat(data.getString("reason")).isNotBlank();
            assertThat(body(find(log, "connection.refresh_failed")).getJsonObject("data").getString("error"))
                    .isEqualTo("invalid_grant");
            int attempts = log.stream().mapToInt(x -> x.asJsonObject().getInt("attempts")).sum();
            assertThat(attempts).as("two refused tries, then both delivered").isEqualTo(4);
            List<WebhookReceiver.Received> received = receiver.received();
            assertThat(received).hasSize(4);
            assertThat(received).allMatch(WebhookReceiver.Received::valid);
            assertThat(received.stream().map(WebhookReceiver.Received::id).distinct())
                    .as("a retry carries the same message id, so receivers can drop duplicates").hasSize(2);
            // a replayed message (an old timestamp) or a tampered body fails the check
            WebhookReceiver.Received one = received.get(received.size() - 1);
            assertThat(receiver.verify(one.id(), one.timestamp() - 3600, one.body(), one.signature())).isFalse();
            assertThat(receiver.verify(one.id(), one.timestamp(), one.body().replace("}", " }"),
                    one.signature())).isFalse();
        }
    }

    @Test
    void aDeliveryIsDeadAfterTheLastTryAndCanBeRedelivered() throws Exception {
        VaultFixture v = new VaultFixture(sim, LEAKS, "deadhook");
        SimulatedClient client = v.app("crm");
        try (WebhookReceiver receiver = new WebhookReceiver(1000)) { // down for good
            String hook = subscribe(v, receiver, "connection.status_changed");
            String connection = v.connect(client, "crm", "dead-user");
            sim.revokeGrant(sim.grants(client.clientId(), "dead-user").get(0).id());
            assertThat(v.token(connection).status()).isEqualTo(409);

            JsonObject dead = awaitDeliveries(v, hook, d -> d.size() == 1
                    && d.getJsonObject(0).getString("status").equals("DEAD")).getJsonObject(0);
            assertThat(dead.getInt("attempts")).isEqualTo(4);
            assertThat(dead.getInt("lastStatus")).isEqualTo(503);
            assertThat(receiver.received()).hasSize(4);

            receiver.failNext(0); // the receiver is back
            Reply again = v.admin.post("/api/v1/tenants/" + v.tenant + "/webhooks/" + hook + "/deliveries/"
                    + dead.getString("id") + "/redeliver", "");
            assertThat(again.status()).as(again.toString()).isEqualTo(202);
            awaitDeliveries(v, hook, d -> d.getJsonObject(0).getString("status").equals("DELIVERED"));
            assertThat(receiver.received()).hasSize(5).allMatch(WebhookReceiver.Received::valid);
        }
    }

    @Test
    void subscriptionsAreCheckedAndTheSecretIsShownOnce() throws Exception {
        VaultFixture v = new VaultFixture(sim, LEAKS, "hookapi");
        String path = "/api/v1/tenants/" + v.tenant + "/webhooks";
        Reply bad = v.admin.post(path, "{\"url\":\"ftp://example.com/x\",\"events\":[\"no.such.event\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("url").contains("no.such.event").contains("connection.status_changed");
        assertThat(v.admin.post(path, "{\"url\":\"https://example.com/x\",\"events\":[]}").status()).isEqualTo(400);
        assertThat(v.worker.post(path, "{\"url\":\"https://example.com/x\",\"events\":[\"app.mass_revocation\"]}")
                .status()).isEqualTo(403);
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            String hook = subscribe(v, receiver, "app.mass_revocation");
            Reply one = v.admin.get(path + "/" + hook);
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.json().containsKey("secret")).isFalse();
            assertThat(v.admin.get(path).body()).doesNotContain("whsec_");
            assertThat(v.admin.delete(path + "/" + hook).status()).isEqualTo(204);
            assertThat(v.admin.get(path + "/" + hook).status()).isEqualTo(404);
        }
    }

    static String subscribe(VaultFixture v, WebhookReceiver receiver, String... events) {
        StringBuilder list = new StringBuilder();
        for (String e : events) {
            list.append(list.length() == 0 ? "" : ",").append('"').append(e).append('"');
        }
        Reply created = v.admin.post("/api/v1/tenants/" + v.tenant + "/webhooks",
                "{\"url\":\"" + receiver.url() + "\",\"events\":[" + list + "]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String secret = created.json().getString("secret");
        assertThat(secret).startsWith("whsec_");
        LEAKS.remember(secret);
        receiver.secret(secret);
        return created.json().getString("id");
    }

    static JsonArray awaitDeliveries(VaultFixture v, String hook, Predicate<JsonArray> done)
            throws InterruptedException {
        JsonArray log = null;
        for (int i = 0; i < 300; i++) {
            log = v.admin.get("/api/v1/tenants/" + v.tenant + "/webhooks/" + hook + "/deliveries").array();
            if (done.test(log)) {
                return log;
            }
            Thread.sleep(100); // waiting for the dispatcher to reach a state, not timing it
        }
        throw new AssertionError("deliveries did not reach the expected state: " + log);
    }

    static JsonObject find(JsonArray log, String type) {
        return log.stream().map(JsonObject.class::cast).filter(d -> d.getString("eventType").equals(type))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " in " + log));
    }

    static JsonObject body(JsonObject delivery) {
        try (var reader = Json.createReader(new StringReader(delivery.getString("payload")))) {
            return reader.readObject();
        }
    }
}
