package io.tokenvault.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AuthorizationUriTest {

    private static final URI REDIRECT = URI.create("https://vault.example.com/oauth/callback");
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private final ProviderCatalog catalog = ProviderCatalog.standard();

    static List<String> namedProviders() {
        return ProviderCatalogTest.namedProviders();
    }

    @ParameterizedTest
    @MethodSource("namedProviders")
    void everyProviderGetsTheCoreParametersOfflineAccessAndPkceWhereSupported(String id) {
        ProviderEntry entry = catalog.find(id).orElseThrow();
        URI endpoint = entry.endpoints(ProviderCatalogTest.SAMPLE_TEMPLATE_VALUES).authorization().orElseThrow();

        URI uri = entry.authorizationUri(endpoint, request(Set.of("files.read"), entry.pkce() ? CHALLENGE : null,
                Map.of(), false));
        Map<String, String> params = params(uri);

        assertThat(uri.toString()).startsWith(endpoint + "?");
        assertThat(params).containsEntry("response_type", "code").containsEntry("client_id", "client-123")
                .containsEntry("redirect_uri", REDIRECT.toString()).containsEntry("state", "state-xyz");
        assertThat(params).containsAllEntriesOf(entry.offlineAccessParams());
        assertThat(params).containsAllEntriesOf(entry.fixedAuthorizationParams());
        assertThat(scopes(params, entry)).contains("files.read").containsAll(entry.offlineAccessScopes());
        if (entry.pkce()) {
            assertThat(params).containsEntry("code_challenge", CHALLENGE)
                    .containsEntry("code_challenge_method", "S256");
        } else {
            assertThat(params).doesNotContainKeys("code_challenge", "code_challenge_method");
        }
    }

    @Test
    void googleAsksForOfflineAccessAndConsentInADeterministicOrder() {
        ProviderEntry google = catalog.find("google").orElseThrow();
        Set<String> scopes = new LinkedHashSet<>(List.of("openid", "https://www.googleapis.com/auth/drive.readonly"));

        URI uri = google.authorizationUri(URI.create("https://accounts.google.com/o/oauth2/v2/auth"),
                request(scopes, CHALLENGE, Map.of("login_hint", "ada@example.com", "hd", "example.com"), true));

        assertThat(uri.toString()).isEqualTo("https://accounts.google.com/o/oauth2/v2/auth"
                + "?response_type=code&client_id=client-123"
                + "&redirect_uri=https%3A%2F%2Fvault.example.com%2Foauth%2Fcallback"
                + "&scope=openid%20https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fdrive.readonly"
                + "&state=state-xyz&code_challenge=" + CHALLENGE + "&code_challenge_method=S256"
                + "&access_type=offline&prompt=consent&include_granted_scopes=true"
                + "&hd=example.com&login_hint=ada%40example.com");
    }

    @Test
    void extraParametersCannotSwitchOfflineAccessOff() {
        ProviderEntry google = catalog.find("google").orElseThrow();
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("access_type", "online");
        hostile.put("prompt", "none");
        hostile.put("response_type", "token");
        hostile.put("client_id", "someone-else");
        hostile.put("redirect_uri", "https://evil.example.com/");
        hostile.put("scope", "openid");
        hostile.put("state", "forged");
        hostile.put("code_challenge_method", "plain");

        URI uri = google.authorizationUri(URI.create("https://accounts.google.com/o/oauth2/v2/auth"),
                request(Set.of("email"), CHALLENGE, hostile, false));

        List<Map.Entry<String, String>> all = pairs(uri);
        assertThat(all).extracting(Map.Entry::getKey).doesNotHaveDuplicates();
        assertThat(params(uri)).containsEntry("access_type", "offline").containsEntry("prompt", "consent")
                .containsEntry("response_type", "code").containsEntry("client_id", "client-123")
                .containsEntry("redirect_uri", REDIRECT.toString()).containsEntry("scope", "email")
                .containsEntry("state", "state-xyz").containsEntry("code_challenge_method", "S256");
        assertThat(uri.toString()).doesNotContain("online", "evil", "forged", "someone-else", "plain");
    }

    @Test
    void dropboxOfflineTokenCannotBeTurnedOnline() {
        ProviderEntry dropbox = catalog.find("dropbox").orElseThrow();

        URI uri = dropbox.authorizationUri(URI.create("https://www.dropbox.com/oauth2/authorize"),
                request(Set.of("files.content.read"), CHALLENGE, Map.of("token_access_type", "online"), true));

        assertThat(params(uri)).containsEntry("token_access_type", "offline")
                .containsEntry("include_granted_scopes", "user");
    }

    @Test
    void microsoftAndAtlassianAlwaysAddOfflineAccessScope() {
        ProviderEntry microsoft = catalog.find("microsoft").orElseThrow();
        URI uri = microsoft.authorizationUri(microsoft.endpoints(Map.of()).authorization().orElseThrow(),
                request(new LinkedHashSet<>(List.of("Files.Read", "User.Read")), CHALLENGE, Map.of(), true));
        assertThat(params(uri)).containsEntry("scope", "Files.Read User.Read offline_access")
                .doesNotContainKey("include_granted_scopes");

        ProviderEntry atlassian = catalog.find("atlassian").orElseThrow();
        URI atl = atlassian.authorizationUri(URI.create("https://auth.atlassian.com/authorize"),
                request(new LinkedHashSet<>(List.of("read:jira-work", "offline_access")), null, Map.of(), false));
        assertThat(params(atl)).containsEntry("scope", "read:jira-work offline_access")
                .containsEntry("audience", "api.atlassian.com").containsEntry("prompt", "consent");
    }

    @Test
    void slackJoinsScopesWithCommas() {
        ProviderEntry slack = catalog.find("slack").orElseThrow();

        URI uri = slack.authorizationUri(URI.create("https://slack.com/oauth/v2/authorize"),
                request(new LinkedHashSet<>(List.of("channels:history", "channels:read")), null, Map.of(), true));

        assertThat(params(uri)).containsEntry("scope", "channels:history,channels:read");
        assertThat(uri.getRawQuery()).contains("scope=channels%3Ahistory%2Cchannels%3Aread");
    }

    @Test
    void incrementalOnlyWhenAskedAndSupported() {
        ProviderEntry google = catalog.find("google").orElseThrow();
        URI endpoint = URI.create("https://accounts.google.com/o/oauth2/v2/auth");

        assertThat(params(google.authorizationUri(endpoint, request(Set.of("email"), null, Map.of(), false))))
                .doesNotContainKey("include_granted_scopes");
        assertThat(params(google.authorizationUri(endpoint, request(Set.of("email"), null, Map.of(), true))))
                .containsEntry("include_granted_scopes", "true");
    }

    @Test
    void noScopeParameterWhenThereAreNoScopes() {
        ProviderEntry notion = catalog.find("notion").orElseThrow();

        URI uri = notion.authorizationUri(URI.create("https://api.notion.com/v1/oauth/authorize"),
                request(Set.of(), null, Map.of(), false));

        assertThat(params(uri)).doesNotContainKey("scope").containsEntry("owner", "user");
    }

    @Test
    void appendsToAnEndpointThatAlreadyHasAQuery() {
        ProviderEntry oauth2 = catalog.find("oauth2").orElseThrow();

        URI uri = oauth2.authorizationUri(URI.create("https://id.example.com/authorize?tenant=eu"),
                request(Set.of("read write"), null, Map.of(), false));

        assertThat(uri.toString()).startsWith("https://id.example.com/authorize?tenant=eu&response_type=code&");
        assertThat(uri.getRawQuery()).contains("scope=read%20write");
    }

    @Test
    void refusesIncompleteRequests() {
        ProviderEntry google = catalog.find("google").orElseThrow();
        URI endpoint = URI.create("https://accounts.google.com/o/oauth2/v2/auth");

        assertThatThrownBy(() -> google.authorizationUri(URI.create("/relative"), request(Set.of(), null, null, false)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> google.authorizationUri(URI.create("https://a.example.com/x#frag"),
                request(Set.of(), null, null, false))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> google.authorizationUri(endpoint,
                new AuthorizationRequest(" ", REDIRECT, Set.of(), "s", null, null, false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client ID");
        assertThatThrownBy(() -> google.authorizationUri(endpoint,
                new AuthorizationRequest("c", REDIRECT, Set.of(), null, null, null, false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state");
    }

    private static AuthorizationRequest request(Set<String> scopes, String challenge, Map<String, String> extra,
            boolean incremental) {
        return new AuthorizationRequest("client-123", REDIRECT, scopes, "state-xyz", challenge, extra, incremental);
    }

    private static List<String> scopes(Map<String, String> params, ProviderEntry entry) {
        String scope = params.getOrDefault("scope", "");
        return List.of(scope.split(entry.scopeSeparator().equals(",") ? "," : " "));
    }

    static List<Map.Entry<String, String>> pairs(URI uri) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            pairs.add(Map.entry(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
        }
        return pairs;
    }

    static Map<String, String> params(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        pairs(uri).forEach(p -> params.put(p.getKey(), p.getValue()));
        return params;
    }
}
