package io.tokenvault.tenantconfig;

import static io.tokenvault.tenantconfig.SampleConfigurations.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TenantConfigurationCodecTest {

    private static final int LIMIT = 64 * 1024;

    private final TenantConfigurationCodec codec = TenantConfigurationCodec.create();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Format.class)
    void roundTripGivesTheSameConfigurationWithoutSecrets(Format format) throws Exception {
        TenantConfiguration original = SampleConfigurations.full();

        TenantConfiguration back = read(write(original, format), format);

        assertThat(back).isEqualTo(original.withoutClientSecrets());
        assertThat(back.apps()).extracting(AppConfiguration::clientSecret).containsOnlyNulls();
        assertThat(back.findApp("google-drive").orElseThrow().authorizationParams())
                .containsExactly(Map.entry("hd", "example.com"), Map.entry("login_hint", "ada@example.com"));
        assertThat(back.findApp("m365").orElseThrow().templateValues())
                .containsExactly(Map.entry("tenant", "contoso.onmicrosoft.com"));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void roundTripOfAnEmptyConfiguration(Format format) throws Exception {
        TenantConfiguration empty = new TenantConfiguration(null, null, null);

        assertThat(read(write(empty, format), format)).isEqualTo(empty);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void neverWritesAClientSecret(Format format) {
        TenantConfiguration config = SampleConfigurations.full();
        assertThat(config.findApp("google-drive").orElseThrow().clientSecret()).isEqualTo(SECRET);

        String written = write(config, format);

        assertThat(written).doesNotContain(SECRET, "ms-secret-value", "wiki-secret").doesNotContainIgnoringCase(
                "clientSecret");
        assertThat(config.toString()).doesNotContain(SECRET);
    }

    @Test
    void readsSecretsOnImport() throws Exception {
        TenantConfiguration json = read("""
                {"apps": [{"key": "drive", "provider": "google", "clientId": "c", "clientSecret": "imported-1"}]}
                """, Format.JSON);
        TenantConfiguration xml = read("""
                <tenantConfiguration><apps><app key="drive"><provider>google</provider><clientId>c</clientId>
                <clientSecret>imported-2</clientSecret></app></apps></tenantConfiguration>""", Format.XML);

        assertThat(json.apps().get(0).clientSecret()).isEqualTo("imported-1");
        assertThat(xml.apps().get(0).clientSecret()).isEqualTo("imported-2");
        assertThat(json.apps().get(0).toString()).doesNotContain("imported-1");
    }

    @Test
    void jsonHasNoRootWrapperAndKeepsSingleElementListsAsArrays() {
        TenantConfiguration config = new TenantConfiguration(new TenantConfiguration.TenantInfo("acme", "Acme"),
                List.of(AppConfiguration.builder("drive", "google").clientId("c").scopes("only").build()),
                List.of("https://app.acme.com/done"));

        String json = write(config, Format.JSON).replaceAll("\\s", "");

        assertThat(json).startsWith("{\"tenant\":{\"id\":\"acme\",\"name\":\"Acme\"},\"apps\":[{");
        assertThat(json).contains("\"scopes\":[\"only\"]", "\"allowedReturnUrls\":[\"https://app.acme.com/done\"]");
    }

    @Test
    void jsonParameterMapsAreObjects() {
        String json = write(SampleConfigurations.of(SampleConfigurations.google()), Format.JSON).replaceAll("\\s",
                "");

        assertThat(json)
                .contains("\"authorizationParams\":{\"hd\":\"example.com\",\"login_hint\":\"ada@example.com\"}");
    }

    @Test
    void xmlUsesTheSameNames() {
        String xml = write(SampleConfigurations.of(SampleConfigurations.microsoft()), Format.XML);

        assertThat(xml).contains("<tenantConfiguration>", "<app key=\"m365\">", "<provider>microsoft</provider>",
                "<scope>Files.Read.All</scope>", "<templateValues>", "<tenant>contoso.onmicrosoft.com</tenant>");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void refusesADocumentOverTheLimitWithoutReadingOn(Format format) {
        CountingStream endless = new CountingStream();

        assertThatThrownBy(() -> codec.read(endless, format, 1000))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(Problem.ofDocument("the document is larger than 1000 bytes")));
        assertThat(endless.count).isLessThanOrEqualTo(1001);
    }

    @Test
    void acceptsADocumentExactlyAtTheLimit() throws Exception {
        byte[] json = "{\"apps\": []}".getBytes(StandardCharsets.UTF_8);

        assertThat(codec.read(new ByteArrayInputStream(json), Format.JSON, json.length).apps()).isEmpty();
        assertThatThrownBy(() -> codec.read(new ByteArrayInputStream(json), Format.JSON, json.length - 1))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void refusesXxeWithoutReadingTheFile() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "tv-marker-5c2e");
        String payload = "<?xml version=\"1.0\"?>\n<!DOCTYPE tenantConfiguration [<!ENTITY e SYSTEM \""
                + secret.toUri() + "\">]>\n<tenantConfiguration><apps><app key=\"a\"><clientId>&e;</clientId>"
                + "</app></apps></tenantConfiguration>";

        assertThatThrownBy(() -> read(payload, Format.XML))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.path()).isEqualTo(Problem.DOCUMENT);
                        assertThat(p.message()).contains("DOCTYPE declarations are not allowed", "line 2");
                    });
                    assertThat(e.getMessage()).doesNotContain("tv-marker-5c2e");
                });
        assertThatThrownBy(() -> read(payload.replace(secret.toUri().toString(), "file:///etc/passwd"), Format.XML))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("root:");
    }

    @Test
    void refusesBillionLaughs() {
        StringBuilder payload = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE tenantConfiguration [\n"
                + "  <!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            payload.append("  <!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        payload.append("]>\n<tenantConfiguration><tenant id=\"t\" name=\"&lol9;\"/></tenantConfiguration>");

        assertThatThrownBy(() -> read(payload.toString(), Format.XML)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DOCTYPE declarations are not allowed").hasMessageNotContaining("lollol");
    }

    @Test
    void refusesUnknownJsonFieldsNamingThem() {
        assertThatThrownBy(() -> read("""
                {"apps": [{"key": "a", "provider": "google"},
                          {"key": "b", "provider": "google", "clientID": "typo"}]}""", Format.JSON))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.path()).isEqualTo("apps[1].clientID");
                            assertThat(p.message()).contains("unknown field", "clientId");
                        }));
        assertThatThrownBy(() -> read("{\"tenant\": {\"id\": \"a\", \"nme\": \"x\"}}", Format.JSON))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("tenant.nme"));
        assertThatThrownBy(() -> read("{\"version\": 2}", Format.JSON))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("version"));
    }

    @Test
    void refusesUnknownXmlElements() {
        assertThatThrownBy(() -> read("<tenantConfiguration><apps><app key=\"a\"><clientID>x</clientID></app></apps>"
                + "</tenantConfiguration>", Format.XML))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("apps[0].clientID"));
    }

    @Test
    void refusesValuesOfTheWrongTypeInsteadOfDroppingThem() {
        assertThatThrownBy(() -> read("""
                {"tenant": "acme",
                 "apps": [{"key": "a", "clientId": 42, "scopes": "openid email",
                           "authorizationParams": {"hd": null, "max_age": 300}}],
                 "allowedReturnUrls": "https://app.acme.com"}""", Format.JSON))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactlyInAnyOrder("tenant", "apps[0].clientId",
                                "apps[0].scopes", "apps[0].authorizationParams.hd",
                                "apps[0].authorizationParams.max_age", "allowedReturnUrls"));
        assertThatThrownBy(() -> read("{\"apps\": \"none\"}", Format.JSON))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(new Problem("apps", "must be an array of objects")));
        assertThatThrownBy(() -> read("<tenantConfiguration><apps><app key=\"a\"><scopes>openid email</scopes></app>"
                + "</apps></tenantConfiguration>", Format.XML))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(new Problem("apps[0].scopes", "must contain elements, not text")));
    }

    @Test
    void shapesThatTripMoxyEndAsProblemsToo() {
        assertThatThrownBy(() -> read("{\"apps\": [{\"key\": \"a\", \"clientId\": [\"x\"]}]}", Format.JSON))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(new Problem("apps[0].clientId", "must be a string")));
        assertThatThrownBy(() -> read("{\"apps\": [{\"key\": \"a\", \"scopes\": [[\"x\"]]}]}", Format.JSON))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(new Problem("apps[0].scopes[0]", "must be a string")));
        assertThatThrownBy(() -> read("<tenantConfiguration><apps><app key=\"a\"><authorizationParams><hd><x>1</x>"
                + "</hd></authorizationParams></app></apps></tenantConfiguration>", Format.XML))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("apps[0].authorizationParams"));
    }

    @Test
    void refusesUnknownXmlAttributes() {
        assertThatThrownBy(() -> read("<tenantConfiguration><apps><app key=\"a\" enabled=\"false\"/></apps>"
                + "</tenantConfiguration>", Format.XML))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(new Problem("apps[0]", "unknown attribute 'enabled'")));
    }

    @Test
    void malformedJsonSaysWhere() {
        assertThatThrownBy(() -> read("{\"apps\": [{\"key\": \"a\",}]}", Format.JSON))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.path()).isEqualTo(Problem.DOCUMENT);
                            assertThat(p.message()).startsWith("not valid JSON").contains("line no=1", "column no=");
                        }));
        assertThatThrownBy(() -> read("{\"apps\": [", Format.JSON)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> read("{\"apps\": []} and more", Format.JSON))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("after the JSON object");
    }

    @Test
    void aJsonDocumentMustBeAnObject() {
        for (String notAnObject : List.of("[]", "\"config\"", "42", "null", "   ")) {
            assertThatThrownBy(() -> read(notAnObject, Format.JSON)).as(notAnObject)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("JSON object");
        }
    }

    @Test
    void malformedXmlSaysWhere() {
        assertThatThrownBy(() -> read("<tenantConfiguration>\n<apps><app key=\"a\"></apps></tenantConfiguration>",
                Format.XML)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not well-formed XML: line 2, column");
        assertThatThrownBy(() -> read("<config/>", Format.XML)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("root element must be <tenantConfiguration>");
        assertThatThrownBy(() -> read("<tenantConfiguration xmlns=\"urn:other\"/>", Format.XML))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("namespace");
    }

    @Test
    void anEmptyDocumentIsAProblem() {
        assertThatThrownBy(() -> read("", Format.XML)).isInstanceOfSatisfying(ConfigurationException.class,
                e -> assertThat(e.problems()).containsExactly(Problem.ofDocument("the document is empty")));
    }

    @Test
    void acceptsAUtf8ByteOrderMark() throws Exception {
        assertThat(read("\uFEFF{\"apps\": []}", Format.JSON).apps()).isEmpty();
        assertThat(read("\uFEFF<tenantConfiguration/>", Format.XML).apps()).isEmpty();
    }

    @Test
    void refusesToWriteWhatXmlCannotHold() {
        TenantConfiguration badName = SampleConfigurations.of(SampleConfigurations.google().toBuilder()
                .authorizationParams(Map.of("not a name", "x")).build());
        TenantConfiguration control = SampleConfigurations.of(SampleConfigurations.google().toBuilder()
                .clientId("a\u0001b").build());

        assertThatThrownBy(() -> write(badName, Format.XML)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'not a name'");
        assertThatThrownBy(() -> write(control, Format.XML)).isInstanceOf(IllegalArgumentException.class);
        assertThat(write(badName, Format.JSON)).contains("\"not a name\"");
    }

    private String write(TenantConfiguration config, Format format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(config, format, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private TenantConfiguration read(String document, Format format) throws ConfigurationException {
        return codec.read(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), format, LIMIT);
    }

    /** An endless document that counts what is read from it. */
    private static final class CountingStream extends InputStream {
        long count;

        @Override
        public int read() {
            count++;
            return count == 1 ? '{' : ' ';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) read();
            }
            return len;
        }
    }
}
