package io.tokenvault.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SimulatedClient;
import io.tokenvault.simulator.SimulatorClock;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Client-secret rollover through {@code POST .../apps/{app}/secrets} and the {@code rollover-client-secret} job,
 * against a provider that accepts several secrets at once: a wrong secret changes nothing and breaks nothing; a good
 * one takes over with zero failed refreshes during and after, even once the provider forgets the old one.
 */
@ExtendWith(DatabaseUnderTest.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecretRolloverIT {

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

    record Setup(VaultFixture v, SimulatedClient client, String oldSecret, List<String> connections) {
    }

    static Setup setUp(String prefix, int connections) {
        VaultFixture v = new VaultFixture(sim, LEAKS, prefix);
        String clientId = "roll-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "old-secret-" + UUID.randomUUID();
        LEAKS.remember(secret);
        SimulatedClient client = sim.registerClient(clientId, secret);
        client.behaviour().rotateRefreshTokens(true).reuseDetection(true).accessTokenLifetime(Duration.ofMinutes(5));
        Reply app = v.admin.put("/api/v1/tenants/" + v.tenant + "/apps/crm", "{\"provider\":\"oauth2\",\"clientId\":\""
                + clientId + "\",\"clientSecret\":\"" + secret + "\",\"scopes\":[\"files.read\"],\"tokenEndpoint\":\""
                + sim.tokenEndpoint() + "\"}");
        assertThat(app.status()).as(app.toString()).isEqualTo(201);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            ids.add(v.connect(client, "crm", "user-" + i));
        }
        return new Setup(v, client, secret, ids);
    }

    @Test
    void aWrongSecretIsRefusedAndNothingBreaks() throws Exception {
        Setup s = setUp("rollbad", 5);
        String wrong = "wrong-secret-" + UUID.randomUUID();
        LEAKS.remember(wrong);
        Reply started = s.v().admin.post("/api/v1/tenants/" + s.v().tenant + "/apps/crm/secrets",
                "{\"clientSecret\":\"" + wrong + "\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.body()).doesNotContain(wrong);
        JsonObject job = EncryptionKeyRotationIT.awaitEnd(started.json().getJsonObject("job").getString("id"));
        assertThat(job.getString("status")).as(job.toString()).isEqualTo("FAILED");
        assertThat(job.getString("detail")).contains("refused").contains("invalid_client").doesNotContain(wrong);

        Map<String, JsonObject> secrets = secretsByState(s);
        assertThat(secrets.keySet()).containsExactlyInAnyOrder("ACTIVE", "FAILED");
        assertThat(secrets.get("FAILED").getString("failure")).contains("invalid_client");
        JsonArray notices = s.v().admin.get("/api/v1/tenants/" + s.v().tenant + "/notices").array();
        assertThat(notices).hasSize(1);
        assertThat(notices.getJsonObject(0).getString("kind")).isEqualTo("secret_rollover");
        assertThat(notices.getJsonObject(0).getString("summary")).contains("refused").contains("unchanged");
        assertThat(notices.getJsonObject(0).toString()).doesNotContain(wrong);
        for (String connection : s.connections()) {
            Reply token = s.v().token(connection, "{\"minValiditySeconds\":3600}");
            assertThat(token.status()).as(token.toString()).isEqualTo(200);
            LEAKS.remember(token.json().getString("accessToken"));
        }
    }

    @Test
    void aGoodSecretTakesOverWithZeroFailedRefreshesDuringAndAfter() throws Exception {
        Setup s = setUp("rollgood", 20);
        for (String connection : s.connections()) {
            assertThat(s.v().token(connection).status()).isEqualTo(200); // every grant refreshed with the old secret
        }
        String next = "new-secret-" + UUID.randomUUID();
        LEAKS.remember(next);
        s.client().addSecret(next);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger served = new AtomicInteger();
        List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch started = new CountDownLatch(2);
        ExecutorService workers = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int offset = w;
            running.add(workers.submit(() -> {
                started.countDown();
                for (int i = offset; !stop.get(); i += 2) {
                    Reply reply = s.v().token(s.connections().get(i % s.connections().size()),
                            "{\"minValiditySeconds\":3600}");
                    if (reply.status() == 200) {
                        LEAKS.remember(reply.json().getString("accessToken"));
                        served.incrementAndGet();
                    } else {
                        refused.add(reply.toString());
                    }
                }
            }));
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        Reply rollover = s.v().admin.post("/api/v1/tenants/" + s.v().tenant + "/apps/crm/secrets",
                "{\"clientSecret\":\"" + next + "\",\"gracePeriodSeconds\":0,\"revalidateRatePerSecond\":50}");
        assertThat(rollover.status()).as(rollover.toString()).isEqualTo(202);
        JsonObject job = EncryptionKeyRotationIT.awaitEnd(rollover.json().getJsonObject("job").getString("id"));
        stop.set(true);
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        workers.shutdown();

        assertThat(job.getString("status")).as(job.toString()).isEqualTo("COMPLETED");
        JsonObject progress = job.getJsonObject("progress");
        assertThat(progress.getJsonNumber("total").longValue()).isEqualTo(20);
        assertThat(progress.getJsonNumber("failed").longValue()).isZero();
        assertThat(progress.getJsonNumber("done").longValue() + progress.getJsonNumber("skipped").longValue())
                .isEqualTo(20);
        assertThat(refused).as("token calls refused during the rollover").isEmpty();
        assertThat(served.get()).isPositive();
        Map<String, JsonObject> secrets = secretsByState(s);
        assertThat(secrets.keySet()).containsExactlyInAnyOrder("ACTIVE", "RETIRED");
        JsonArray notices = s.v().admin.get("/api/v1/tenants/" + s.v().tenant + "/notices").array();
        assertThat(notices).hasSize(1);
        assertThat(notices.getJsonObject(0).getString("summary")).contains("now ACTIVE");

        // the provider forgets the old secret: nothing depends on it any more
        s.client().removeSecret(s.oldSecret());
        for (String connection : s.connections()) {
            Reply token = s.v().token(connection, "{\"minValiditySeconds\":3600}");
            assertThat(token.status()).as(token.toString()).isEqualTo(200);
            LEAKS.remember(token.json().getString("accessToken"));
        }
        for (String connection : s.connections()) {
            assertThat(s.v().connection(connection).getString("status")).isEqualTo("ACTIVE");
        }
    }

    @Test
    void rolloverInputIsValidatedAndOnlyOneRunsAtATime() {
        Setup s = setUp("rollinput", 1);
        String path = "/api/v1/tenants/" + s.v().tenant + "/apps/crm/secrets";
        Reply missing = s.v().admin.post(path, "{\"gracePeriodSeconds\":-1}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("clientSecret").contains("gracePeriodSeconds");
        assertThat(s.v().worker.post(path, "{\"clientSecret\":\"whatever-secret\"}").status()).isEqualTo(403);
        assertThat(s.v().admin.post("/api/v1/tenants/" + s.v().tenant + "/apps/nope/secrets",
                "{\"clientSecret\":\"whatever-secret\"}").status()).isEqualTo(404);
        Reply same = s.v().admin.post(path, "{\"clientSecret\":\"" + s.oldSecret() + "\"}");
        assertThat(same.status()).isEqualTo(400);
        assertThat(same.body()).doesNotContain(s.oldSecret());
    }

    @Test
    void aNewClientIdMarksEveryConnectionOfTheAppNeedsReauthAtOnce() {
        Setup s = setUp("newclient", 3);
        for (String connection : s.connections()) {
            Reply token = s.v().token(connection);
            assertThat(token.status()).isEqualTo(200);
            LEAKS.remember(token.json().getString("accessToken"));
        }
        String otherClient = "other-" + UUID.randomUUID().toString().substring(0, 8);
        String otherSecret = "other-secret-" + UUID.randomUUID();
        LEAKS.remember(otherSecret);
        sim.registerClient(otherClient, otherSecret);
        Reply changed = s.v().admin.put("/api/v1/tenants/" + s.v().tenant + "/apps/crm", "{\"provider\":\"oauth2\","
                + "\"clientId\":\"" + otherClient + "\",\"clientSecret\":\"" + otherSecret + "\","
                + "\"scopes\":[\"files.read\"],\"tokenEndpoint\":\"" + sim.tokenEndpoint() + "\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

        long providerCalls = sim.counters().tokenCalls();
        for (String connection : s.connections()) {
            JsonObject view = s.v().connection(connection);
            assertThat(view.getString("status")).isEqualTo("NEEDS_REAUTH");
            assertThat(view.getString("statusReason")).isEqualTo("client_id_changed");
            Reply token = s.v().token(connection, "{\"minValiditySeconds\":3600}");
            assertThat(token.status()).as(token.toString()).isEqualTo(409);
            assertThat(token.json().getString("reason")).isEqualTo("client_id_changed");
        }
        assertThat(sim.counters().tokenCalls()).as("no grant of the old client is sent to the new one")
                .isEqualTo(providerCalls);
        JsonArray notices = s.v().admin.get("/api/v1/tenants/" + s.v().tenant + "/notices").array();
        assertThat(notices).as("one tenant-level notice, not one per connection").hasSize(1);
        assertThat(notices.getJsonObject(0).getString("kind")).isEqualTo("client_id_changed");
        assertThat(notices.getJsonObject(0).getInt("affected")).isEqualTo(3);
        assertThat(notices.getJsonObject(0).getString("affectedConnections"))
                .isEqualTo("/api/v1/tenants/" + s.v().tenant + "/connections?app=crm&status=NEEDS_REAUTH");
    }

    static Map<String, JsonObject> secretsByState(Setup s) {
        Reply app = s.v().admin.get("/api/v1/tenants/" + s.v().tenant + "/apps/crm");
        assertThat(app.status()).isEqualTo(200);
        return app.json().getJsonArray("clientSecrets").stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(j -> j.getString("state"), j -> j, (a, b) -> a));
    }
}
