package io.tokenvault.catalog;

import static io.tokenvault.catalog.ProviderCatalogTest.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderEntryEndpointsTest {

    private final ProviderCatalog catalog = ProviderCatalog.standard();

    @Test
    void microsoftDefaultsToTheCommonTenant() {
        Endpoints endpoints = entry("microsoft").endpoints(Map.of());

        assertThat(endpoints.authorization())
                .contains(URI.create("https://login.microsoftonline.com/common/oauth2/v2.0/authorize"));
        assertThat(endpoints.token())
                .contains(URI.create("https://login.microsoftonline.com/common/oauth2/v2.0/token"));
        assertThat(endpoints.revocation()).isEmpty();
        assertThat(entry("microsoft").templateVariables()).containsExactly("tenant");
        assertThat(entry("microsoft").requiredTemplateVariables()).isEmpty();
        assertThat(entry("microsoft").templateDefault("tenant")).contains("common");
    }

    @Test
    void microsoftUsesTheGivenTenant() {
        Endpoints endpoints = entry("microsoft").endpoints(Map.of("tenant", "72f988bf-86f1-41af-91ab-2d7cd011db47"));

        assertThat(endpoints.token()).contains(URI.create(
                "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token"));
    }

    @Test
    void salesforceDefaultsToLoginAndAcceptsMyDomain() {
        assertThat(entry("salesforce").endpoints(Map.of()).token())
                .contains(URI.create("https://login.salesforce.com/services/oauth2/token"));
        Endpoints myDomain = entry("salesforce").endpoints(Map.of("instance", "acme.my.salesforce.com"));
        assertThat(myDomain.authorization())
                .contains(URI.create("https://acme.my.salesforce.com/services/oauth2/authorize"));
        assertThat(myDomain.revocation()).contains(URI.create("https://acme.my.salesforce.com/services/oauth2/revoke"));
        assertThat(myDomain.userinfo())
                .contains(URI.create("https://acme.my.salesforce.com/services/oauth2/userinfo"));
    }

    @Test
    void zendeskRequiresItsSubdomain() {
        assertThat(entry("zendesk").requiredTemplateVariables()).containsExactly("subdomain");
        assertThatThrownBy(() -> entry("zendesk").endpoints(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'subdomain'").hasMessageContaining("Zendesk");
        assertThatThrownBy(() -> entry("zendesk").endpoints(Map.of("subdomain", "  ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'subdomain'");

        Endpoints endpoints = entry("zendesk").endpoints(Map.of("subdomain", "acme"));
        assertThat(endpoints.authorization())
                .contains(URI.create("https://acme.zendesk.com/oauth/authorizations/new"));
        assertThat(endpoints.token()).contains(URI.create("https://acme.zendesk.com/oauth/tokens"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.com/", "acme?x=1", "acme#frag", "user@evil.com", "ac me", "acme\t", "a\nb"})
    void refusesValuesThatWouldChangeTheUrlsShape(String value) {
        Map<String, String> values = new HashMap<>();
        values.put("tenant", value);
        assertThatThrownBy(() -> entry("microsoft").endpoints(values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tenant'");
        assertThat(entry("microsoft").checkTemplateValue("tenant", value)).isPresent();
    }

    @Test
    void refusesValuesNotOfTheVariablesForm() {
        assertThatThrownBy(() -> entry("zendesk").endpoints(Map.of("subdomain", "acme.evil.com:8443")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'subdomain'").hasMessageContaining("acme.zendesk.com");
    }

    @Test
    void ignoresValuesForVariablesItDoesNotHave() {
        assertThat(entry("google").endpoints(Map.of("subdomain", "acme/evil")).token())
                .contains(URI.create("https://oauth2.googleapis.com/token"));
        assertThat(entry("google").checkTemplateValue("subdomain", "acme")).get().asString()
                .contains("no template variable 'subdomain'");
    }

    @Test
    void percentEncodesValuesOfVariablesWithoutAPattern() {
        ProviderEntry entry = ProviderCatalog.read(xml("""
                <catalog>
                  <provider id="example">
                    <endpoints>
                      <authorization>https://id.example.com/{realm}/authorize</authorization>
                      <token>https://id.example.com/{realm}/token</token>
                    </endpoints>
                    <template-variable name="realm"/>
                  </provider>
                </catalog>""")).find("example").orElseThrow();

        assertThat(entry.endpoints(Map.of("realm", "sales%team:eu")).token())
                .contains(URI.create("https://id.example.com/sales%25team%3Aeu/token"));
        assertThat(entry.endpoints(Map.of("realm", "équipe")).token())
                .contains(URI.create("https://id.example.com/%C3%A9quipe/token"));
    }

    private ProviderEntry entry(String id) {
        return catalog.find(id).orElseThrow();
    }
}
