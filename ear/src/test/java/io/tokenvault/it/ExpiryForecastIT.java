package io.tokenvault.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SimulatedClient;
import io.tokenvault.simulator.SimulatorClock;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
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
 * Field report: Google "Testing" apps' refresh tokens die seven days after consent. The provider announces it
 * ({@code refresh_token_expires_in}); the vault records each grant's expiry and the forecast tells the tenant once, in
 * one notice per app, before the grants stop working.
 */
@ExtendWith(DatabaseUnderTest.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ExpiryForecastIT {

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
    void grantsAboutToExpireAreAnnouncedOnceInOneNoticePerApp() throws Exception {
        VaultFixture v = new VaultFixture(sim, LEAKS, "forecast");
        SimulatedClient testing = v.app("testing");
        testing.behaviour().refreshTokenMaxAge(Duration.ofDays(7)).announceRefreshTokenExpiry(true);
        SimulatedClient lasting = v.app("lasting");
        List<String> expiring = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expiring.add(v.connect(testing, "testing", "tester-" + i));
        }
        List<String> others = List.of(v.connect(lasting, "lasting", "user-0"), v.connect(lasting, "lasting", "user-1"));
        for (String connection : concat(expiring, others)) {
            Reply token = v.token(connection);
            assertThat(token.status()).as(token.toString()).isEqualTo(200);
            LEAKS.remember(token.json().getString("accessToken"));
        }
        for (String connection : expiring) {
            Instant expiresAt = Instant.parse(v.connection(connection).getString("grantExpiresAt"));
            assertThat(expiresAt).isBetween(Instant.now().plus(Duration.ofDays(6)),
                    Instant.now().plus(Duration.ofDays(7)));
        }
        for (String connection : others) {
            assertThat(Api.isNull(v.connection(connection), "grantExpiresAt")).isTrue();
        }

        runForecast(8);
        JsonArray open = v.admin.get("/api/v1/tenants/" + v.tenant + "/notices?state=open").array();
        assertThat(open).hasSize(1);
        JsonObject notice = open.getJsonObject(0);
        assertThat(notice.getString("kind")).isEqualTo("expiry_forecast");
        assertThat(notice.getString("app")).isEqualTo("testing");
        assertThat(notice.getInt("affected")).isEqualTo(5);
        assertThat(notice.getString("summary")).contains("5 grants of app 'testing' will expire within 8 days");
        Reply affected = v.admin.get(notice.getString("affectedConnections"));
        assertThat(affected.status()).as(affected.toString()).isEqualTo(200);
        assertThat(affected.json().getJsonNumber("total").longValue()).isEqualTo(5);
        assertThat(affected.json().getJsonArray("items").stream()
                .map(j -> j.asJsonObject().getString("id"))).containsExactlyInAnyOrderElementsOf(expiring);

        runForecast(8); // the same expiries again: nothing new to say
        assertThat(v.admin.get("/api/v1/tenants/" + v.tenant + "/notices").array()).hasSize(1);

        Reply read = v.admin.post("/api/v1/tenants/" + v.tenant + "/notices/" + notice.getString("id")
                + "/acknowledge", "");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().getString("acknowledgedAt")).isNotBlank();
        assertThat(v.admin.get("/api/v1/tenants/" + v.tenant + "/notices?state=open").array()).isEmpty();
    }

    @Test
    void noticesAreForTheTenantsAdminsAndInputIsChecked() {
        VaultFixture v = new VaultFixture(sim, LEAKS, "forecastauth");
        VaultFixture other = new VaultFixture(sim, LEAKS, "forecastother");
        String path = "/api/v1/tenants/" + v.tenant + "/notices";
        assertThat(v.worker.get(path).status()).isEqualTo(403);
        assertThat(other.worker.get(path).status()).isIn(403, 404);
        Reply bad = v.admin.get(path + "?state=unread&size=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("state").contains("size");
        assertThat(v.admin.post(path + "/no-such-notice/acknowledge", "").status()).isEqualTo(404);
        Reply badDays = v.admin.get("/api/v1/tenants/" + v.tenant + "/connections?expiringWithinDays=soon");
        assertThat(badDays.status()).isEqualTo(400);
        assertThat(badDays.body()).contains("expiringWithinDays");
        assertThat(Api.asPlatformAdmin().post("/api/v1/admin/sweeps/expiry-forecast/run?days=-3", "").status())
                .isEqualTo(400);
    }

    static void runForecast(int days) throws InterruptedException {
        Api admin = Api.asPlatformAdmin();
        String before = IdleConnectionProbeIT.lastEnded(admin, "expiry-forecast");
        Reply run = admin.post("/api/v1/admin/sweeps/expiry-forecast/run?days=" + days, "");
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        IdleConnectionProbeIT.awaitRunAfter(admin, "expiry-forecast", before);
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
