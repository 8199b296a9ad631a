package io.tokenvault.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tenants: creation rules, errors as problem+json, and who sees which tenant. */
@ExtendWith(DatabaseUnderTest.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TenantsIT {

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.productEar();
    }

    @Test
    void platformAdminCreatesATenantAndReadsItBack() {
        String id = Api.uniqueTenantId("acme");
        Reply created = Api.asPlatformAdmin().post("/api/v1/tenants", "{\"id\":\"" + id + "\",\"name\":\"Acme Corp\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/tenants/" + id));
        assertThat(created.json().getString("id")).isEqualTo(id);
        assertThat(created.json().getString("name")).isEqualTo("Acme Corp");
        assertThat(created.json().getString("createdAt")).isNotBlank();

        Reply read = Api.asPlatformAdmin().get("/api/v1/tenants/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().getString("name")).isEqualTo("Acme Corp");
        assertThat(Api.asPlatformAdmin().get("/api/v1/tenants").array())
                .extracting(v -> v.asJsonObject().getString("id")).contains(id);
    }

    @Test
    void duplicateTenantIsAConflict() {
        String id = Api.createTenant("dup");
        Reply again = Api.asPlatformAdmin().post("/api/v1/tenants", "{\"id\":\"" + id + "\",\"name\":\"Again\"}");
        assertProblem(again, 409);
        assertThat(again.json().getString("detail")).contains(id).contains("already exists");
    }

    @Test
    void invalidFieldsAreAllListedAtOnce() {
        Reply reply = Api.asPlatformAdmin().post("/api/v1/tenants", "{\"id\":\"Not Valid!\",\"name\":\"\"}");
        assertProblem(reply, 400);
        List<String> fields = reply.json().getJsonArray("errors").stream()
                .map(JsonValue::asJsonObject).map(e -> e.getString("field")).toList();
        assertThat(fields).containsExactlyInAnyOrder("id", "name");
        reply.json().getJsonArray("errors").forEach(e -> assertThat(e.asJsonObject().getString("message")).isNotBlank());
    }

    @Test
    void missingFieldsAndEmptyBodyAreBadRequests() {
        Reply missing = Api.asPlatformAdmin().post("/api/v1/tenants", "{}");
        assertProblem(missing, 400);
        assertThat(missing.json().getJsonArray("errors")).hasSize(2);
        assertProblem(Api.asPlatformAdmin().post("/api/v1/tenants", ""), 400);
    }

    @Test
    void malformedJsonIsABadRequestWithoutServerDetail() {
        Reply reply = Api.asPlatformAdmin().post("/api/v1/tenants", "{\"id\": \"x\", ");
        assertProblem(reply, 400);
        assertThat(reply.json().getString("detail")).contains("not valid JSON");
        assertThat(reply.body()).doesNotContain("yasson").doesNotContain("Exception").doesNotContain("\tat ");
        Reply wrongType = Api.asPlatformAdmin().post("/api/v1/tenants", "[1,2,3]");
        assertProblem(wrongType, 400);
    }

    @Test
    void unknownTenantIsNotFound() {
        Reply reply = Api.asPlatformAdmin().get("/api/v1/tenants/" + Api.uniqueTenantId("missing"));
        assertProblem(reply, 404);
    }

    @Test
    void tenantAdminSeesOnlyItsOwnTenantAndCannotCreateTenants() {
        String own = Api.createTenant("own");
        String other = Api.createTenant("other");
        Api admin = Api.withKey(Api.keyOf(Api.issueKey(own, "tenant-admin")));

        assertThat(admin.get("/api/v1/tenants").array()).extracting(v -> v.asJsonObject().getString("id"))
                .containsExactly(own);
        assertThat(admin.get("/api/v1/tenants/" + own).status()).isEqualTo(200);

        // another tenant answers exactly like a tenant that does not exist: its existence does not leak
        Reply foreign = admin.get("/api/v1/tenants/" + other);
        Reply unknown = admin.get("/api/v1/tenants/" + Api.uniqueTenantId("nobody"));
        assertProblem(foreign, 404);
        assertProblem(unknown, 404);
        assertThat(foreign.json().getString("title")).isEqualTo(unknown.json().getString("title"));

        assertProblem(admin.post("/api/v1/tenants", "{\"id\":\"" + Api.uniqueTenantId("sneaky") + "\",\"name\":\"S\"}"),
                403);
    }

    @Test
    void workerKeysCannotReadOrManageTenants() {
        String tenant = Api.createTenant("wrk");
        Api worker = Api.withKey(Api.keyOf(Api.issueKey(tenant, "worker")));
        assertProblem(worker.get("/api/v1/tenants"), 403);
        assertProblem(worker.get("/api/v1/tenants/" + tenant), 403);
        assertProblem(worker.post("/api/v1/tenants", "{\"id\":\"" + Api.uniqueTenantId("w") + "\",\"name\":\"W\"}"), 403);
    }

    @Test
    void unknownEndpointAndWrongMethodAreProblems() {
        assertProblem(Api.asPlatformAdmin().get("/api/v1/nothing-here"), 404);
        assertProblem(Api.asPlatformAdmin().put("/api/v1/tenants", "{}"), 405);
    }

    static void assertProblem(Reply reply, int status) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.isProblem()).as(reply.toString()).isTrue();
        JsonObject problem = reply.json();
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("type")).startsWith("urn:tokenvault:problem:");
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getString("detail")).isNotBlank();
        assertThat(reply.body()).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
