package io.tokenvault.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who may call at all: the 401 half of the auth matrix, and revocation taking effect at once. */
@ExtendWith(DatabaseUnderTest.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AuthenticationIT {

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.productEar();
    }

    @Test
    void missingKeyIsUnauthorizedWithProblemJson() {
        Reply reply = Api.anonymous().get("/api/v1/tenants");
        assertUnauthenticated(reply);
        assertThat(reply.json().getString("detail")).contains("Authorization: Bearer");
        assertThat(reply.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void unknownKeyIsUnauthorized() {
        assertUnauthenticated(Api.withKey("tvk_" + "A".repeat(43)).get("/api/v1/tenants"));
        assertUnauthenticated(Api.withKey("not-even-a-key").get("/api/v1/tenants"));
    }

    @Test
    void nonBearerSchemeIsUnauthorized() {
        Reply reply = Api.anonymous().send(Api.anonymous().request("/api/v1/tenants")
                .header("Authorization", "Basic YWRtaW46YWRtaW4=").GET());
        assertUnauthenticated(reply);
    }

    @Test
    void everyMethodOfEveryEndpointNeedsAKey() {
        Api anonymous = Api.anonymous();
        assertUnauthenticated(anonymous.post("/api/v1/tenants", "{\"id\":\"x-anon\",\"name\":\"X\"}"));
        assertUnauthenticated(anonymous.get("/api/v1/tenants/any"));
        assertUnauthenticated(anonymous.get("/api/v1/tenants/any/api-keys"));
        assertUnauthenticated(anonymous.post("/api/v1/tenants/any/api-keys", "{\"role\":\"worker\"}"));
        assertUnauthenticated(anonymous.delete("/api/v1/tenants/any/api-keys/some-id"));
        assertUnauthenticated(anonymous.get("/api/v1/admin/api-keys"));
        assertUnauthenticated(anonymous.get("/api/v1/no-such-endpoint"));
    }

    @Test
    void revokedKeyStopsWorkingOnTheNextRequest() {
        String tenant = Api.createTenant("auth");
        var issued = Api.issueKey(tenant, "tenant-admin");
        Api holder = Api.withKey(Api.keyOf(issued));
        assertThat(holder.get("/api/v1/tenants/" + tenant).status()).isEqualTo(200);

        Reply revoked = Api.asPlatformAdmin().delete("/api/v1/tenants/" + tenant + "/api-keys/" + issued.getString("id"));
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().getString("revokedAt")).isNotBlank();

        assertUnauthenticated(holder.get("/api/v1/tenants/" + tenant));
    }

    @Test
    void validKeyIsAccepted() {
        Reply reply = Api.asPlatformAdmin().get("/api/v1/tenants");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
    }

    static void assertUnauthenticated(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
        assertThat(reply.isProblem()).as(reply.toString()).isTrue();
        assertThat(reply.json().getInt("status")).isEqualTo(401);
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

}
