package io.tokenvault.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What operators rely on: readiness reports the database, metrics serve, and data survives a restart. */
@ExtendWith(DatabaseUnderTest.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperationsIT {

    private static final String MANAGEMENT = System.getProperty("tokenvault.it.management.url", "http://127.0.0.1:10090");

    @ArquillianResource
    ManagementClient management;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.productEar();
    }

    @Test
    void readinessReportsTheDatabase() {
        Reply ready = plain(MANAGEMENT + "/health/ready");
        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        Optional<JsonObject> database = ready.json().getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals("database")).findFirst();
        assertThat(database).as(ready.body()).isPresent();
        assertThat(database.get().getString("status")).isEqualTo("UP");
        String expected = DatabaseUnderTest.name().equals("postgresql") ? "PostgreSQL" : "H2";
        assertThat(database.get().getJsonObject("data").getString("product")).isEqualTo(expected);
    }

    @Test
    void metricsServe() {
        Reply metrics = plain(MANAGEMENT + "/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE");
    }

    @Test
    void tenantsAndKeysSurviveARestart() throws Exception {
        String tenant = Api.createTenant("durable");
        String key = Api.keyOf(Api.issueKey(tenant, "tenant-admin"));

        ModelNode result = management.getControllerClient().execute(Operations.createOperation("reload"));
        assertThat(Operations.isSuccessfulOutcome(result)).as(result.toString()).isTrue();
        awaitReady();

        Reply read = Api.withKey(key).get("/api/v1/tenants/" + tenant);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().getString("id")).isEqualTo(tenant);
    }

    /** Waits (bounded) until the reloaded server reports ready again; this is readiness polling, not a timing test. */
    private static void awaitReady() throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            try {
                Reply ready = plain(MANAGEMENT + "/health/ready");
                if (ready.status() == 200 && ready.body().contains("\"database\"")) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the management interface is restarting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The server did not become ready within 60 s of the reload");
    }

    private static Reply plain(String url) {
        return Api.anonymous().send(HttpRequest.newBuilder(URI.create(url)).GET());
    }
}
