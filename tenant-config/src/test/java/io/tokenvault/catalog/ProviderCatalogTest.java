package io.tokenvault.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderCatalogTest {

    /** Values for every template variable in the catalog, as a tenant would give them. */
    static final Map<String, String> SAMPLE_TEMPLATE_VALUES = Map.of("tenant", "contoso.onmicrosoft.com",
            "instance", "acme.my.salesforce.com", "subdomain", "acme");

    private final ProviderCatalog catalog = ProviderCatalog.standard();

    static List<String> namedProviders() {
        return List.of("google", "microsoft", "salesforce", "slack", "dropbox", "box", "notion", "atlassian",
                "hubspot", "zoom", "github", "zendesk");
    }

    static List<ProviderEntry> allEntries() {
        return ProviderCatalog.standard().all();
    }

    @Test
    void holdsEveryRequiredProviderAndTheGenericKinds() {
        assertThat(catalog.ids()).containsAll(namedProviders()).contains("oauth2", "oidc");
        assertThat(catalog.all()).extracting(ProviderEntry::id).containsExactlyElementsOf(catalog.ids());
    }

    @Test
    void standardIsLoadedOnceAndImmutable() {
        assertThat(ProviderCatalog.standard()).isSameAs(catalog);
        assertThatThrownBy(() -> catalog.ids().add("evil")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> catalog.all().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> catalog.find("google").orElseThrow().offlineAccessParams().put("access_type",
                "online")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void findsByIdOnly() {
        assertThat(catalog.find("google")).map(ProviderEntry::displayName).contains("Google");
        assertThat(catalog.find("microsoft")).map(ProviderEntry::displayName).contains("Microsoft Entra ID");
        assertThat(catalog.find("Google")).isEmpty();
        assertThat(catalog.find("nope")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("namedProviders")
    void everyNamedProviderHasAbsoluteHttpsEndpointsAfterTemplating(String id) {
        ProviderEntry entry = catalog.find(id).orElseThrow();
        Endpoints endpoints = entry.endpoints(SAMPLE_TEMPLATE_VALUES);

        assertThat(endpoints.authorization()).isPresent();
        assertThat(endpoints.token()).isPresent();
        for (Optional<URI> endpoint : List.of(endpoints.authorization(), endpoints.token(), endpoints.revocation(),
                endpoints.userinfo())) {
            endpoint.ifPresent(uri -> {
                assertThat(uri.isAbsolute()).as(uri.toString()).isTrue();
                assertThat(uri.getScheme()).as(uri.toString()).isEqualTo("https");
                assertThat(uri.getHost()).as(uri.toString()).isNotBlank();
                assertThat(uri.toString()).as(uri.toString()).doesNotContain("{", "}");
                assertThat(uri.getRawFragment()).isNull();
            });
        }
        assertThat(entry.discovery()).isFalse();
        assertThat(entry.endpointsGiven()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("allEntries")
    void everyEntryNamesAKnownClientAuthenticationAndSeparator(ProviderEntry entry) {
        assertThat(entry.tokenEndpointAuthMethod()).isIn("client_secret_basic", "client_secret_post");
        assertThat(entry.scopeSeparator()).isIn(" ", ",");
        assertThat(entry.displayName()).isNotBlank();
    }

    @Test
    void genericKindsHaveNoEndpointsOfTheirOwn() {
        ProviderEntry oauth2 = catalog.find("oauth2").orElseThrow();
        ProviderEntry oidc = catalog.find("oidc").orElseThrow();

        assertThat(oauth2.endpointsGiven()).isTrue();
        assertThat(oauth2.discovery()).isFalse();
        assertThat(oauth2.endpoints(Map.of())).isEqualTo(Endpoints.none());
        assertThat(oidc.discovery()).isTrue();
        assertThat(oidc.endpointsGiven()).isFalse();
        assertThat(oidc.endpoints(Map.of())).isEqualTo(Endpoints.none());
        assertThat(oidc.offlineAccessScopes()).isEmpty();
        assertThat(oidc.offlineAccessScopesIfAdvertised()).containsExactly("offline_access");
    }

    @Test
    void knowsOfflineAccessPerProvider() {
        assertThat(entry("google").offlineAccessParams()).containsExactly(Map.entry("access_type", "offline"),
                Map.entry("prompt", "consent"));
        assertThat(entry("microsoft").offlineAccessScopes()).containsExactly("offline_access");
        assertThat(entry("atlassian").offlineAccessScopes()).containsExactly("offline_access");
        assertThat(entry("salesforce").offlineAccessScopes()).containsExactly("refresh_token");
        assertThat(entry("dropbox").offlineAccessParams()).containsExactly(Map.entry("token_access_type", "offline"));
        assertThat(entry("atlassian").fixedAuthorizationParams()).containsEntry("audience", "api.atlassian.com");
        assertThat(entry("notion").fixedAuthorizationParams()).containsEntry("owner", "user");
    }

    @Test
    void knowsRefreshTokenLifetimesAndLimits() {
        ProviderEntry google = entry("google");
        assertThat(google.testingAppRefreshTokenLifetime()).contains(Duration.ofDays(7));
        assertThat(google.grantLimitPerUser()).hasValue(100);
        assertThat(google.rotatesRefreshTokens()).isFalse();
        assertThat(google.incrementalAuthorization()).isTrue();

        ProviderEntry microsoft = entry("microsoft");
        assertThat(microsoft.inactivityLifetime()).contains(Duration.ofDays(90));
        assertThat(microsoft.rotatesRefreshTokens()).isTrue();
        assertThat(microsoft.testingAppRefreshTokenLifetime()).isEmpty();

        ProviderEntry box = entry("box");
        assertThat(box.refreshTokenLifetime()).contains(Duration.ofDays(60));
        assertThat(box.rotatesRefreshTokens()).isTrue();

        ProviderEntry atlassian = entry("atlassian");
        assertThat(atlassian.inactivityLifetime()).contains(Duration.ofDays(90));
        assertThat(atlassian.absoluteLifetime()).contains(Duration.ofDays(365));

        assertThat(entry("salesforce").grantLimitPerUser()).hasValue(5);
        assertThat(entry("dropbox").rotatesRefreshTokens()).isFalse();
        assertThat(entry("dropbox").refreshTokenLifetime()).isEmpty();
        assertThat(entry("slack").rotatesRefreshTokens()).isTrue();
        assertThat(entry("hubspot").grantLimitPerUser()).isEmpty();
    }

    @Test
    void knowsSeparatorsPkceAndClientAuthentication() {
        assertThat(entry("slack").scopeSeparator()).isEqualTo(",");
        assertThat(entry("github").scopeSeparator()).isEqualTo(" ");
        assertThat(entry("google").pkce()).isTrue();
        assertThat(entry("microsoft").pkce()).isTrue();
        assertThat(entry("github").pkce()).isTrue();
        assertThat(entry("slack").pkce()).isFalse();
        assertThat(entry("zoom").tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
        assertThat(entry("notion").tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
        assertThat(entry("google").tokenEndpointAuthMethod()).isEqualTo("client_secret_post");
        assertThat(entry("oauth2").tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
    }

    @Test
    void readsAMinimalCatalog() {
        ProviderCatalog read = ProviderCatalog.read(xml("""
                <catalog>
                  <provider id="example" name="Example">
                    <endpoints>
                      <authorization>https://id.example.com/authorize</authorization>
                      <token>https://id.example.com/token</token>
                    </endpoints>
                  </provider>
                </catalog>"""));

        ProviderEntry example = read.find("example").orElseThrow();
        assertThat(example.endpoints(null).token()).contains(URI.create("https://id.example.com/token"));
        assertThat(example.scopeSeparator()).isEqualTo(" ");
        assertThat(example.tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
        assertThat(example.pkce()).isFalse();
        assertThat(example.diagnose("invalid_grant", null, null, null)).isEmpty();
    }

    @Test
    void refusesABrokenCatalogListingEveryProblem() {
        assertThatThrownBy(() -> ProviderCatalog.read(xml("""
                <catalog>
                  <provider id="one">
                    <endpoints>
                      <authorization>https://{host}/authorize</authorization>
                      <token>http://plain.example.com/token</token>
                    </endpoints>
                    <scope-separator>semicolon</scope-separator>
                    <refresh-tokens lifetime="90 days"/>
                    <errors><error reason="x"><explanation>e</explanation><remedy>r</remedy></error></errors>
                  </provider>
                  <provider id="one">
                    <endpoints><authorization>https://a.example.com</authorization></endpoints>
                  </provider>
                </catalog>""")))
                .isInstanceOfSatisfying(InvalidCatalogException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("{host}", "not declared"))
                        .anySatisfy(p -> assertThat(p).contains("not an absolute https URL"))
                        .anySatisfy(p -> assertThat(p).contains("scope-separator"))
                        .anySatisfy(p -> assertThat(p).contains("ISO-8601"))
                        .anySatisfy(p -> assertThat(p).contains("at least one of error"))
                        .anySatisfy(p -> assertThat(p).contains("needs authorization and token"))
                        .anySatisfy(p -> assertThat(p).contains("defined twice")));
    }

    @Test
    void refusesUnknownElementsInsteadOfSkippingThem() {
        assertThatThrownBy(() -> ProviderCatalog.read(xml("""
                <catalog>
                  <provider id="example">
                    <endpoints>
                      <authorization>https://id.example.com/authorize</authorization>
                      <token>https://id.example.com/token</token>
                    </endpoints>
                    <pcke>true</pcke>
                  </provider>
                </catalog>""")))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("unknown element <pcke> in provider 'example'");
    }

    @Test
    void refusesMalformedXmlWithItsPosition() {
        assertThatThrownBy(() -> ProviderCatalog.read(xml("<catalog><provider id=\"x\"></catalog>")))
                .isInstanceOf(InvalidCatalogException.class).hasMessageContaining("line 1, column");
        assertThatThrownBy(() -> ProviderCatalog.read(xml("<other/>")))
                .isInstanceOf(InvalidCatalogException.class).hasMessageContaining("<catalog>");
    }

    private ProviderEntry entry(String id) {
        return catalog.find(id).orElseThrow();
    }

    static ByteArrayInputStream xml(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
