package io.tokenvault.tenantconfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Valid sample configurations; tests derive broken ones from them with {@link AppConfiguration#toBuilder()}. */
final class SampleConfigurations {

    static final String SECRET = "gocspx-Sup3rS3cretValue-9f1c";

    private SampleConfigurations() {
    }

    static AppConfiguration google() {
        return AppConfiguration.builder("google-drive", "google").clientId("1234.apps.googleusercontent.com")
                .clientSecret(SECRET).scopes("openid", "https://www.googleapis.com/auth/drive.readonly")
                .authorizationParams(ordered("hd", "example.com", "login_hint", "ada@example.com")).build();
    }

    static AppConfiguration microsoft() {
        return AppConfiguration.builder("m365", "microsoft").clientId("6731de76-14a6-49ae-97bc-6eba6914391e")
                .clientSecret("ms-secret-value").scopes("Files.Read.All")
                .templateValues(Map.of("tenant", "contoso.onmicrosoft.com")).build();
    }

    static AppConfiguration zendesk() {
        return AppConfiguration.builder("support", "zendesk").clientId("tokenvault").scopes("read")
                .templateValues(Map.of("subdomain", "acme")).tokenEndpointAuthMethod("client_secret_post").build();
    }

    static AppConfiguration oauth2() {
        return AppConfiguration.builder("wiki", "oauth2").clientId("wiki-client").clientSecret("wiki-secret")
                .scopes("read", "offline_access").authorizationEndpoint("https://wiki.example.com/oauth/authorize")
                .tokenEndpoint("https://wiki.example.com/oauth/token")
                .revocationEndpoint("https://wiki.example.com/oauth/revoke")
                .redirectUri("https://vault.example.com/oauth/callback")
                .tokenEndpointAuthMethod("client_secret_basic").build();
    }

    static AppConfiguration oidc() {
        return AppConfiguration.builder("okta", "oidc").clientId("0oa1b2c3").scopes("openid", "profile")
                .issuer("https://acme.okta.com").build();
    }

    static AppConfiguration local() {
        return AppConfiguration.builder("dev", "oauth2").clientId("dev").scopes("read")
                .tokenEndpoint("http://localhost:9000/token").authorizationEndpoint("http://127.0.0.1:9000/auth")
                .build();
    }

    static TenantConfiguration full() {
        return new TenantConfiguration(new TenantConfiguration.TenantInfo("acme", "Acme Corp"),
                List.of(google(), microsoft(), zendesk(), oauth2(), oidc(), local()),
                List.of("https://app.acme.com/connected", "http://localhost:3000/done"));
    }

    static TenantConfiguration of(AppConfiguration... apps) {
        return new TenantConfiguration(null, List.of(apps), List.of());
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
