package io.tokenvault.it;

import static io.tokenvault.it.TenantsIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** API keys: shown once, listed without values, revoked at once, and confined to their tenant. */
@ExtendWith(DatabaseUnderTest.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ApiKeysIT {

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.productEar();
    }

    @Test
    void keyIsShownOnceAndNeverListed() {
        String tenant = Api.createTenant("keys");
        Reply issued = Api.asPlatformAdmin().post("/api/v1/tenants/" + tenant + "/api-keys",
                "{\"role\":\"worker\",\"label\":\"sync worker\"}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String key = issued.json().getString("key");
        assertThat(key).startsWith("tvk_").hasSizeGreaterThanOrEqualTo(4 + 43); // 256 random bits in base64url
        assertThat(issued.json().getString("role")).isEqualTo("worker");

        Reply listed = Api.asPlatformAdmin().get("/api/v1/tenants/" + tenant + "/api-keys");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(key).doesNotContain(key.substring(12));
        JsonObject entry = listed.array().getJsonObject(0);
        assertThat(entry.getString("id")).isEqualTo(issued.json().getString("id"));
        assertThat(entry.getString("label")).isEqualTo("sync worker");
        assertThat(key).startsWith(entry.getString("prefix"));
        assertThat(entry.containsKey("key")).isFalse();
    }

    @Test
    void twoKeysAreNeverAlike() {
        String tenant = Api.createTenant("rand");
        assertThat(Api.keyOf(Api.issueKey(tenant, "worker"))).isNotEqualTo(Api.keyOf(Api.issueKey(tenant, "worker")));
    }

    @Test
    void tenantAdminManagesItsOwnKeys() {
        String tenant = Api.createTenant("self");
        Api admin = Api.withKey(Api.keyOf(Api.issueKey(tenant, "tenant-admin")));
        Reply issued = admin.post("/api/v1/tenants/" + tenant + "/api-keys", "{\"role\":\"worker\"}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        Api worker = Api.withKey(issued.json().getString("key"));
        assertThat(admin.get("/api/v1/tenants/" + tenant + "/api-keys").array()).hasSize(2);

        assertThat(admin.delete("/api/v1/tenants/" + tenant + "/api-keys/" + issued.json().getString("id")).status())
                .isEqualTo(200);
        AuthenticationIT.assertUnauthenticated(worker.get("/api/v1/tenants/" + tenant + "/api-keys"));
    }

    @Test
    void invalidRoleAndLabelAreListedTogether() {
        String tenant = Api.createTenant("role");
        Reply reply = Api.asPlatformAdmin().post("/api/v1/tenants/" + tenant + "/api-keys",
                "{\"role\":\"superuser\",\"label\":\"" + "x".repeat(300) + "\"}");
        assertProblem(reply, 400);
        assertThat(reply.json().getJsonArray("errors")).extracting(e -> e.asJsonObject().getString("field"))
                .containsExactlyInAnyOrder("role", "label");
        assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("message"))
                .contains("tenant-admin");
        assertProblem(Api.asPlatformAdmin().post("/api/v1/tenants/" + tenant + "/api-keys", "{}"), 400);
    }

    @Test
    void platformAdminKeysAreIssuedOutsideTenants() {
        String tenant = Api.createTenant("padm");
        Reply underTenant = Api.asPlatformAdmin().post("/api/v1/tenants/" + tenant + "/api-keys",
                "{\"role\":\"platform-admin\"}");
        assertProblem(underTenant, 400);
        assertThat(underTenant.json().getString("detail")).contains("/api/v1/admin/api-keys");

        Reply issued = Api.asPlatformAdmin().post("/api/v1/admin/api-keys", "{\"label\":\"second operator\"}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        Api second = Api.withKey(issued.json().getString("key"));
        assertThat(second.post("/api/v1/tenants", "{\"id\":\"" + Api.uniqueTenantId("by2") + "\",\"name\":\"B\"}")
                .status()).isEqualTo(201);
        assertThat(Api.asPlatformAdmin().get("/api/v1/admin/api-keys").array())
                .extracting(v -> v.asJsonObject().getString("id")).contains(issued.json().getString("id"));
        assertThat(Api.asPlatformAdmin().delete("/api/v1/admin/api-keys/" + issued.json().getString("id")).status())
                .isEqualTo(200);
        AuthenticationIT.assertUnauthenticated(second.get("/api/v1/tenants"));
    }

    @Test
    void tenantKeysCannotReachOtherTenantsOrThePlatform() {
        String mine = Api.createTenant("mine");
        String theirs = Api.createTenant("theirs");
        JsonObject theirKey = Api.issueKey(theirs, "worker");
        Api admin = Api.withKey(Api.keyOf(Api.issueKey(mine, "tenant-admin")));

        assertProblem(admin.get("/api/v1/tenants/" + theirs + "/api-keys"), 404);
        assertProblem(admin.post("/api/v1/tenants/" + theirs + "/api-keys", "{\"role\":\"tenant-admin\"}"), 404);
        assertProblem(admin.delete("/api/v1/tenants/" + theirs + "/api-keys/" + theirKey.getString("id")), 404);
        // their key id through my own tenant's URL: the row is invisible under my tenant
        assertProblem(admin.delete("/api/v1/tenants/" + mine + "/api-keys/" + theirKey.getString("id")), 404);
        assertThat(Api.withKey(Api.keyOf(theirKey)).get("/api/v1/tenants/" + theirs + "/api-keys").status())
                .isEqualTo(403); // still alive (workers just cannot manage keys)

        assertProblem(admin.get("/api/v1/admin/api-keys"), 403);
        assertProblem(admin.post("/api/v1/admin/api-keys", "{}"), 403);
        // listing my keys shows mine only
        assertThat(admin.get("/api/v1/tenants/" + mine + "/api-keys").array()).hasSize(1)
                .allSatisfy(v -> assertThat(v.asJsonObject().getString("role")).isEqualTo("tenant-admin"));
    }

    @Test
    void workersCannotManageKeys() {
        String tenant = Api.createTenant("wk");
        Api worker = Api.withKey(Api.keyOf(Api.issueKey(tenant, "worker")));
        assertProblem(worker.get("/api/v1/tenants/" + tenant + "/api-keys"), 403);
        assertProblem(worker.post("/api/v1/tenants/" + tenant + "/api-keys", "{\"role\":\"tenant-admin\"}"), 403);
    }

    @Test
    void revokingAnUnknownKeyIsNotFound() {
        String tenant = Api.createTenant("unk");
        assertProblem(Api.asPlatformAdmin().delete("/api/v1/tenants/" + tenant + "/api-keys/no-such-key"), 404);
    }
}
