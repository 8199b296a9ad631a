package io.tokenvault.simulator;

import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A plain java.net.http client speaking to the simulator the way a token client would. */
final class HttpProbe {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** POSTs a form with client_secret_basic credentials. */
    HttpResponse<String> postBasic(URI uri, String clientId, String secret, String... form) {
        String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
    }

    /** POSTs a form as is (client_secret_post or none: credentials go in the form). */
    HttpResponse<String> post(URI uri, String... form) {
        return send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
    }

    HttpResponse<String> postWithTimeout(URI uri, Duration timeout, String clientId, String secret, String... form)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(withCredentials(clientId, secret, form)))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(URI uri, String json) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    HttpResponse<String> getWithBearer(URI uri, String accessToken) {
        return send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + accessToken).GET());
    }

    /** A refresh with client_secret_post. */
    HttpResponse<String> refresh(ProviderSimulator sim, String clientId, String secret, String refreshToken) {
        return post(sim.tokenEndpoint(), withCredentials(clientId, secret,
                "grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient client() {
        return http;
    }

    static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static String[] withCredentials(String clientId, String secret, String... form) {
        String[] all = new String[form.length + 4];
        all[0] = "client_id";
        all[1] = clientId;
        all[2] = "client_secret";
        all[3] = secret;
        System.arraycopy(form, 0, all, 4, form.length);
        return all;
    }

    static String form(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** Query parameters of a redirect's Location. */
    static Map<String, String> queryOf(URI location) {
        return HttpCall.decodeForm(location.getRawQuery()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
    }

    static List<String> scopes(Object scope) {
        return List.of(scope.toString().split(" "));
    }
}
