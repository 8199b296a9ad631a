package io.tokenvault.catalog;

import static io.tokenvault.catalog.ProviderCatalogTest.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.xml.bind.JAXBContext;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.persistence.jaxb.JAXBContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureXmlTest {

    private static final String MARKER = "tv-secret-marker-41c7";

    @TempDir
    Path dir;

    static String xxe(String systemId) {
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE catalog [<!ENTITY e SYSTEM \"" + systemId + "\">]>\n"
                + "<catalog><provider id=\"x\"><endpoints><authorization>&e;</authorization>"
                + "<token>https://a.example.com/t</token></endpoints></provider></catalog>";
    }

    static final String BILLION_LAUGHS = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <catalog><provider id="x"><display-name>&lol9;</display-name></provider></catalog>""";

    @Test
    void refusesAnExternalEntityWithoutReadingTheFile() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), MARKER);

        assertThatThrownBy(() -> ProviderCatalog.read(xml(xxe(secret.toUri().toString()))))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("DOCTYPE declarations are not allowed")
                .hasMessageContaining("line 2")
                .hasMessageNotContaining(MARKER);
    }

    @Test
    void refusesTheClassicEtcPasswdPayload() {
        assertThatThrownBy(() -> ProviderCatalog.read(xml(xxe("file:///etc/passwd"))))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("DOCTYPE declarations are not allowed")
                .hasMessageNotContaining("root:");
    }

    @Test
    void refusesBillionLaughs() {
        assertThatThrownBy(() -> ProviderCatalog.read(xml(BILLION_LAUGHS)))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("DOCTYPE declarations are not allowed")
                .hasMessageNotContaining("lollol");
    }

    @Test
    void refusesExternalDtdsAndParameterEntities() throws Exception {
        Path dtd = Files.writeString(dir.resolve("evil.dtd"), "<!ENTITY e \"" + MARKER + "\">");

        assertThatThrownBy(() -> ProviderCatalog.read(xml("<?xml version=\"1.0\"?><!DOCTYPE catalog SYSTEM \""
                + dtd.toUri() + "\"><catalog/>"))).isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("DOCTYPE").hasMessageNotContaining(MARKER);
        assertThatThrownBy(() -> ProviderCatalog.read(xml("<?xml version=\"1.0\"?><!DOCTYPE catalog [<!ENTITY % p"
                + " SYSTEM \"" + dtd.toUri() + "\"> %p;]><catalog/>"))).isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("DOCTYPE").hasMessageNotContaining(MARKER);
    }

    @Test
    void doesNotProcessXInclude() throws Exception {
        Path secret = Files.writeString(dir.resolve("included.xml"), "<provider id=\"" + MARKER + "\"/>");

        assertThatThrownBy(() -> ProviderCatalog.read(xml("<catalog xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
                + "<xi:include href=\"" + secret.toUri() + "\"/></catalog>")))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("unknown element <include>")
                .hasMessageNotContaining(MARKER);
    }

    @Test
    void doctypeRefusalIsRecognisable() {
        assertThatThrownBy(() -> ProviderCatalog.read(xml(BILLION_LAUGHS)))
                .satisfies(e -> assertThat(SecureXml.isDoctypeRefusal(e)).isFalse());
        try {
            JAXBContext context = JAXBContextFactory.createContext(new Class<?>[] {CatalogDocument.class}, Map.of(),
                    CatalogDocument.class.getClassLoader());
            context.createUnmarshaller().unmarshal(SecureXml.source(xml(BILLION_LAUGHS)), CatalogDocument.class);
        } catch (Exception e) {
            assertThat(SecureXml.isDoctypeRefusal(e)).isTrue();
            assertThat(SecureXml.describe(e)).startsWith("line 2, column").contains("not allowed");
            return;
        }
        throw new AssertionError("the billion laughs document was accepted");
    }

    /**
     * Why {@link SecureXml} exists: given a plain reader, MOXy 4.0.6 with the JDK's parser expands an external entity
     * (it reads the file). If this test ever fails, MOXy has become safe by default; SecureXml stays regardless.
     */
    @Test
    void moxysOwnDefaultParserWouldReadTheFile() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), MARKER);
        JAXBContext context = JAXBContextFactory.createContext(new Class<?>[] {CatalogDocument.class}, Map.of(),
                CatalogDocument.class.getClassLoader());

        CatalogDocument unsafe = (CatalogDocument) context.createUnmarshaller()
                .unmarshal(new StringReader(xxe(secret.toUri().toString())));

        assertThat(unsafe.providers.get(0).endpoints.authorization).isEqualTo(MARKER);
    }
}
