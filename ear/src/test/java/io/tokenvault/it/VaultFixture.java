package io.tokenvault.it;

import io.tokenvault.it.Api.Reply;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SeededGrant;
import io.tokenvault.simulator.SimulatedClient;
import jakarta.json.JsonObject;
import java.util.UUID;

/** A tenant with a worker key and an app registered at the provider simulator, for token API tests. */
final class VaultFixture {

    final ProviderSimulator sim;
    final SecretLeakScan leaks;
    final String tenant;
    final Api admin = Api.asPlatformAdmin();
    final Api worker;
    final String workerKey;

    VaultFixture(ProviderSimulator sim, SecretLeakScan leaks, String tenantPrefix) {
        this.sim = sim;
        this.leaks = leaks;
        this.tenant = Api.createTenant(tenantPrefix);
        this.workerKey = Api.keyOf(Api.issueKey(tenant, "worker"));
        leaks.remember(workerKey);
        this.worker = Api.withKey(workerKey);
    }

    /** Registers a client at the simulator and the matching app in the vault; returns the simulator's client. */
    SimulatedClient app(String appKey) {
        String clientId = "client-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "secret-" + UUID.randomUUID();
        leaks.remember(secret);
        SimulatedClient client = sim.registerClient(clientId, secret);
        Reply reply = admin.put("/api/v1/tenants/" + tenant + "/apps/" + appKey, "{\"provider\":\"oauth2\","
                + "\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + secret + "\",\"scopes\":[\"files.read\"],"
                + "\"tokenEndpoint\":\"" + sim.tokenEndpoint() + "\",\"revocationEndpoint\":\""
                + sim.revocationEndpoint() + "\",\"authorizationEndpoint\":\"" + sim.authorizationEndpoint() + "\"}");
        if (reply.status() != 201) {
            throw new IllegalStateException("Could not register app: " + reply);
        }
        return client;
    }

    /** Seeds a grant at the simulator and imports it (refresh token only); returns the connection id. */
    String connect(SimulatedClient client, String appKey, String user) {
        SeededGrant grant = sim.issueGrant(client.clientId(), user, "files.read");
        return importGrant(appKey, user, grant.refreshToken(), null, null);
    }

    String importGrant(String appKey, String user, String refreshToken, String accessToken, String expiresAt) {
        leaks.remember(refreshToken);
        leaks.remember(accessToken);
        StringBuilder body = new StringBuilder("{\"app\":\"" + appKey + "\",\"externalUserId\":\"" + user
                + "\",\"refreshToken\":\"" + refreshToken + "\"");
        if (accessToken != null) {
            body.append(",\"accessToken\":\"").append(accessToken).append("\",\"expiresAt\":\"").append(expiresAt)
                    .append("\"");
        }
        Reply reply = admin.post("/api/v1/tenants/" + tenant + "/connections/import", body.append("}").toString());
        if (reply.status() != 201 && reply.status() != 200) {
            throw new IllegalStateException("Could not import: " + reply);
        }
        return reply.json().getString("id");
    }

    Reply token(String connectionId, String body) {
        return worker.post("/api/v1/tenants/" + tenant + "/connections/" + connectionId + "/access-token", body);
    }

    Reply token(String connectionId) {
        return token(connectionId, "{}");
    }

    JsonObject connection(String connectionId) {
        return admin.get("/api/v1/tenants/" + tenant + "/connections/" + connectionId).json();
    }
}
