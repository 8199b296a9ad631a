package io.tokenvault.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** A small HTTP client for the public API, as a client program would use it. */
public final class Api {

    /** One HTTP answer: status, content type and the body parsed as JSON where it is JSON. */
    public record Reply(int status, String contentType, String body, HttpResponse<String> raw) {

        public JsonObject json() {
            return (JsonObject) parse();
        }

        public JsonArray array() {
            return (JsonArray) parse();
        }

        private JsonStructure parse() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.read();
            }
        }

        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String key;

    private Api(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    public static String baseUrl() {
        return System.getProperty("tokenvault.it.base.url", "http://127.0.0.1:8180");
    }

    public static String adminKey() {
        return System.getProperty("tokenvault.it.admin.key");
    }

    /** A client with the bootstrap platform-admin key. */
    /** A client of another server (e.g. one a test starts itself). */
    public static Api at(String baseUrl, String key) {
        return new Api(baseUrl, key);
    }

    public static Api asPlatformAdmin() {
        return new Api(baseUrl(), adminKey());
    }

    public static Api withKey(String key) {
        return new Api(baseUrl(), key);
    }

    public static Api anonymous() {
        return new Api(baseUrl(), null);
    }

    /** A tenant id no other test (or earlier run on the same database) uses. */
    public static String uniqueTenantId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    public Reply post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    // Fixtures used by many tests -------------------------------------------------------------------------------

    /** Creates a tenant (as platform admin) and returns its id. */
    public static String createTenant(String prefix) {
        String id = uniqueTenantId(prefix);
        Reply reply = asPlatformAdmin().post("/api/v1/tenants", "{\"id\":\"" + id + "\",\"name\":\"Tenant " + id + "\"}");
        if (reply.status() != 201) {
            throw new IllegalStateException("Could not create tenant: " + reply);
        }
        return id;
    }

    /** Issues a key of the given role for a tenant and returns its value. */
    public static JsonObject issueKey(String tenant, String role) {
        Reply reply = asPlatformAdmin().post("/api/v1/tenants/" + tenant + "/api-keys",
                "{\"role\":\"" + role + "\",\"label\":\"" + role + " for tests\"}");
        if (reply.status() != 201) {
            throw new IllegalStateException("Could not issue key: " + reply);
        }
        return reply.json();
    }

    public static String keyOf(JsonObject issued) {
        return issued.getString("key");
    }

    public static boolean isNull(JsonObject object, String field) {
        return !object.containsKey(field) || object.get(field) == JsonValue.NULL;
    }
}
