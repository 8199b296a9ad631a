package io.tokenvault.tenantconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.catalog.ProviderCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantConfigurationValidatorTest {

    private final TenantConfigurationValidator validator = new TenantConfigurationValidator();
    private final ProviderCatalog catalog = ProviderCatalog.standard();

    @Test
    void acceptsTheSamples() {
        assertThat(validator.validate(SampleConfigurations.full(), catalog)).isEmpty();
        assertThat(validator.validate(new TenantConfiguration(null, null, null), catalog)).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnceWithItsPath() {
        TenantConfiguration config = new TenantConfiguration(null, List.of(
                SampleConfigurations.google().toBuilder().key("Bad Key").scopes("openid", "has space").build(),
                SampleConfigurations.oauth2().toBuilder().key("wiki").tokenEndpoint(null).build(),
                SampleConfigurations.oidc().toBuilder().key("wiki").issuer(null).build(),
                SampleConfigurations.zendesk().toBuilder().templateValues(Map.of()).build(),
                SampleConfigurations.oauth2().toBuilder().key("plain").provider("myspace").clientId(" ")
                        .tokenEndpoint("http://auth.example.com/token").build()),
                List.of("https://app.acme.com/done#section", "ftp://app.acme.com/"));

        List<Problem> problems = validator.validate(config, catalog);

        assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder(
                "apps[0].key",
                "apps[0].scopes[1]",
                "apps[1].tokenEndpoint",
                "apps[2].key",
                "apps[2].issuer",
                "apps[3].templateValues.subdomain",
                "apps[4].provider",
                "apps[4].clientId",
                "apps[4].tokenEndpoint",
                "allowedReturnUrls[0]",
                "allowedReturnUrls[1]");
        assertThat(problems).filteredOn(p -> p.path().equals("apps[2].key")).singleElement()
                .extracting(Problem::message).asString().contains("duplicate", "apps[1]");
        assertThat(problems).filteredOn(p -> p.path().equals("apps[4].provider")).singleElement()
                .extracting(Problem::message).asString().contains("myspace", "google", "oidc");
        assertThat(problems).filteredOn(p -> p.path().equals("apps[4].tokenEndpoint")).singleElement()
                .extracting(Problem::message).asString().contains("https");
        assertThat(problems).filteredOn(p -> p.path().equals("allowedReturnUrls[0]")).singleElement()
                .extracting(Problem::message).asString().contains("fragment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "a1", "google-drive", "0-x",
        "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234"})
    void acceptsKeys(String key) {
        assertThat(pathsFor(SampleConfigurations.google().toBuilder().key(key).build())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "-ab", "Drive", "drive_1", "drive.x", "dri ve",
        "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij12345"})
    void refusesKeys(String key) {
        assertThat(pathsFor(SampleConfigurations.google().toBuilder().key(key).build())).containsExactly("apps[0].key");
    }

    @Test
    void urlsMustBeAbsoluteHttpsExceptOnLoopback() {
        AppConfiguration app = SampleConfigurations.oauth2().toBuilder()
                .authorizationEndpoint("/relative/authorize")
                .tokenEndpoint("http://127.0.0.1:8080/token")
                .revocationEndpoint("https://user:pass@wiki.example.com/revoke")
                .redirectUri("http://vault.example.com/callback")
                .build();

        assertThat(pathsFor(app)).containsExactlyInAnyOrder("apps[0].authorizationEndpoint",
                "apps[0].revocationEndpoint", "apps[0].redirectUri");
    }

    @Test
    void returnUrlsAreLimitedAndChecked() {
        List<String> urls = new ArrayList<>(IntStream.range(0, 51).mapToObj(i -> "https://app.acme.com/r" + i)
                .toList());
        urls.set(3, "http://localhost:3000/ok");
        urls.set(4, "http://app.acme.com/not-ok");
        urls.set(5, null);

        List<Problem> problems = validator.validate(new TenantConfiguration(null, List.of(), urls), catalog);

        assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder("allowedReturnUrls",
                "allowedReturnUrls[4]", "allowedReturnUrls[5]");
    }

    @Test
    void atMost200Apps() {
        List<AppConfiguration> apps = IntStream.range(0, 201)
                .mapToObj(i -> SampleConfigurations.google().toBuilder().key("app-" + i).build()).toList();

        assertThat(validator.validate(new TenantConfiguration(null, apps, List.of()), catalog))
                .containsExactly(new Problem("apps", "at most 200 apps (found 201)"));
        assertThat(validator.validate(new TenantConfiguration(null, apps.subList(0, 200), List.of()), catalog))
                .isEmpty();
    }

    @Test
    void scopesMustBeTokens() {
        AppConfiguration app = SampleConfigurations.google().toBuilder()
                .scopes(Arrays.asList("openid", "", null, "two words", "tab\there", "quote\"d", "ok:scope")).build();

        assertThat(pathsFor(app)).containsExactly("apps[0].scopes[1]", "apps[0].scopes[2]", "apps[0].scopes[3]",
                "apps[0].scopes[4]", "apps[0].scopes[5]");
    }

    @Test
    void slackScopesCannotContainItsSeparator() {
        AppConfiguration slack = AppConfiguration.builder("slack", "slack").clientId("c")
                .scopes("channels:read,chat:write").build();

        assertThat(pathsFor(slack)).containsExactly("apps[0].scopes[0]");
    }

    @Test
    void authorizationParamsCannotTakeOverOrWeakenTheRequest() {
        Map<String, String> params = new HashMap<>();
        params.put("access_type", "online");
        params.put("prompt", "consent");
        params.put("client_id", "other");
        params.put("redirect_uri", "https://evil.example.com");
        params.put("hd", "example.com");
        params.put("bad name", "x");
        params.put("login_hint", null);
        AppConfiguration app = SampleConfigurations.google().toBuilder().authorizationParams(params).build();

        List<Problem> problems = validator.validate(SampleConfigurations.of(app), catalog);

        assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder(
                "apps[0].authorizationParams.access_type", "apps[0].authorizationParams.client_id",
                "apps[0].authorizationParams.redirect_uri", "apps[0].authorizationParams",
                "apps[0].authorizationParams.login_hint");
        assertThat(problems).filteredOn(p -> p.path().endsWith("access_type")).singleElement()
                .extracting(Problem::message).asString().contains("access_type=offline");
    }

    @Test
    void atlassianAudienceIsFixed() {
        AppConfiguration app = AppConfiguration.builder("jira", "atlassian").clientId("c").scopes("read:jira-work")
                .authorizationParams(Map.of("audience", "other.example.com")).build();

        assertThat(pathsFor(app)).containsExactly("apps[0].authorizationParams.audience");
    }

    @Test
    void templateValuesAreCheckedAgainstTheProvider() {
        AppConfiguration zendesk = SampleConfigurations.zendesk().toBuilder()
                .templateValues(Map.of("subdomain", "acme.evil.com/x", "subdomian", "acme")).build();
        AppConfiguration google = SampleConfigurations.google().toBuilder()
                .templateValues(Map.of("tenant", "x")).build();
        AppConfiguration microsoft = SampleConfigurations.microsoft().toBuilder()
                .templateValues(Map.of("tenant", "")).build();

        assertThat(validator.validate(SampleConfigurations.of(zendesk, google, microsoft), catalog))
                .extracting(Problem::path).containsExactlyInAnyOrder("apps[0].templateValues.subdomain",
                        "apps[0].templateValues.subdomian", "apps[1].templateValues.tenant",
                        "apps[2].templateValues.tenant");
    }

    @Test
    void knowsTheTokenEndpointAuthMethods() {
        AppConfiguration app = SampleConfigurations.oauth2().toBuilder().tokenEndpointAuthMethod("private_key_jwt")
                .build();

        assertThat(pathsFor(app)).containsExactly("apps[0].tokenEndpointAuthMethod");
        assertThat(pathsFor(app.toBuilder().tokenEndpointAuthMethod("none").build())).isEmpty();
    }

    @Test
    void anEmptyAppEntryIsReported() {
        assertThat(validator.validate(new TenantConfiguration(null, Arrays.asList(SampleConfigurations.google(), null),
                List.of()), catalog)).containsExactly(new Problem("apps[1]", "is empty"));
    }

    @Test
    void longValuesAreRefusedAsTheVaultCannotStoreThem() {
        AppConfiguration app = SampleConfigurations.oauth2().toBuilder().clientId("c".repeat(513))
                .tokenEndpoint("https://wiki.example.com/" + "t".repeat(1000)).build();

        assertThat(pathsFor(app)).containsExactlyInAnyOrder("apps[0].clientId", "apps[0].tokenEndpoint");
    }

    private List<String> pathsFor(AppConfiguration app) {
        return validator.validate(SampleConfigurations.of(app), catalog).stream().map(Problem::path).toList();
    }
}
