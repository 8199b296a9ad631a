package io.tokenvault.tenantconfig;

import io.tokenvault.catalog.SecureXml;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import org.eclipse.persistence.exceptions.EclipseLinkException;
import org.eclipse.persistence.jaxb.BeanValidationMode;
import org.eclipse.persistence.jaxb.JAXBContextFactory;
import org.eclipse.persistence.jaxb.JAXBUnmarshaller;
import org.eclipse.persistence.jaxb.MarshallerProperties;
import org.eclipse.persistence.jaxb.UnmarshallerProperties;
// MOXy's internal record: used only to find the objects around a refused field
import org.eclipse.persistence.internal.oxm.record.UnmarshalRecord;
import org.eclipse.persistence.oxm.unmapped.UnmappedContentHandler;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads and writes tenant configuration documents, as XML or JSON, through one set of EclipseLink MOXy mappings.
 * Thread-safe; create one and share it.
 *
 * <ul>
 * <li>Reading counts bytes and stops one byte past the limit; XML is parsed only by {@link SecureXml} (no DOCTYPE,
 * no entities). Fields the format does not know, values of the wrong type (a string where an array belongs) and text
 * where elements belong are refused with their path: MOXy would skip them silently, and an import must never quietly
 * drop a setting.</li>
 * <li>Writing never writes a client secret, whatever the configuration holds.</li>
 * <li>JSON: no root wrapper; lists are arrays even with one element; parameter maps are objects.</li>
 * </ul>
 */
public final class TenantConfigurationCodec {

    private static final String JSON = "application/json";
    private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private TenantConfigurationCodec() {
    }

    public static TenantConfigurationCodec create() {
        return new TenantConfigurationCodec();
    }

    /**
     * Reads a document.
     *
     * @param maxBytes the largest document accepted, in bytes; at most {@code maxBytes + 1} bytes are read
     * @throws ConfigurationException when the document is too large, empty, malformed, refused (DTD or entities), or
     *                                has unknown fields or values of the wrong type; the problems say where and why
     * @throws UncheckedIOException   when {@code in} cannot be read
     */
    public TenantConfiguration read(InputStream in, Format format, int maxBytes) throws ConfigurationException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(format, "format");
        if (maxBytes <= 0 || maxBytes >= Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes must be positive and below 2 GiB: " + maxBytes);
        }
        byte[] bytes;
        try {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the configuration document", e);
        }
        if (bytes.length > maxBytes) {
            throw ConfigurationException.of(Problem.ofDocument("the document is larger than " + maxBytes
                    + " bytes"));
        }
        if (bytes.length == 0) {
            throw ConfigurationException.of(Problem.ofDocument("the document is empty"));
        }
        return parse(bytes, format).toConfiguration();
    }

    /**
     * Writes {@code config} without any client secret, UTF-8, indented. The stream is flushed, not closed.
     *
     * @throws IllegalArgumentException when the configuration cannot be represented as XML (a parameter name that is
     *                                  not an XML name, or a character XML 1.0 forbids); validated configurations
     *                                  always can
     * @throws UncheckedIOException     when {@code out} cannot be written
     */
    public void write(TenantConfiguration config, Format format, OutputStream out) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(out, "out");
        ConfigurationDocument document = ConfigurationDocument.exportOf(config.withoutClientSecrets());
        if (format == Format.XML) {
            requireXmlSafe(document);
        }
        try {
            Marshaller marshaller = Binding.CONTEXT.createMarshaller();
            marshaller.setProperty(MarshallerProperties.BEAN_VALIDATION_MODE, BeanValidationMode.NONE);
            marshaller.setProperty(Marshaller.JAXB_ENCODING, StandardCharsets.UTF_8.name());
            marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
            if (format == Format.JSON) {
                marshaller.setProperty(MarshallerProperties.MEDIA_TYPE, JSON);
                marshaller.setProperty(MarshallerProperties.JSON_INCLUDE_ROOT, false);
                marshaller.setProperty(MarshallerProperties.JSON_WRAPPER_AS_ARRAY_NAME, true);
                marshaller.setProperty(MarshallerProperties.JSON_MARSHAL_EMPTY_COLLECTIONS, true);
            }
            marshaller.marshal(document, out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the configuration document", e);
        } catch (JAXBException e) {
            IOException io = SecureXml.find(e, IOException.class).orElse(null);
            if (io != null) {
                throw new UncheckedIOException("could not write the configuration document", io);
            }
            throw new IllegalStateException("could not write the configuration document: " + SecureXml.describe(e),
                    e);
        }
    }

    private static ConfigurationDocument parse(byte[] bytes, Format format) throws ConfigurationException {
        if (format == Format.JSON && !startsWithObject(bytes)) {
            throw ConfigurationException.of(Problem.ofDocument("the document must be a JSON object (UTF-8)"));
        }
        ConfigurationDocument document;
        try {
            Unmarshaller unmarshaller = Binding.CONTEXT.createUnmarshaller();
            unmarshaller.setProperty(UnmarshallerProperties.BEAN_VALIDATION_MODE, BeanValidationMode.NONE);
            unmarshaller.setEventHandler(event -> false);
            unmarshaller.setListener(new AppPositions());
            ((JAXBUnmarshaller) unmarshaller).getXMLUnmarshaller()
                    .setUnmappedContentHandlerClass(UnknownFieldRefusal.class);
            Source source;
            if (format == Format.JSON) {
                unmarshaller.setProperty(UnmarshallerProperties.MEDIA_TYPE, JSON);
                unmarshaller.setProperty(UnmarshallerProperties.JSON_INCLUDE_ROOT, false);
                unmarshaller.setProperty(UnmarshallerProperties.JSON_WRAPPER_AS_ARRAY_NAME, true);
                source = new StreamSource(new ByteArrayInputStream(bytes));
            } else {
                source = SecureXml.source(new ByteArrayInputStream(bytes), new XmlShape());
            }
            Object value = unmarshaller.unmarshal(source, ConfigurationDocument.class).getValue();
            if (!(value instanceof ConfigurationDocument read)) {
                throw ConfigurationException.of(Problem.ofDocument("the document must be a JSON object"));
            }
            document = read;
        } catch (JAXBException | EclipseLinkException e) {
            throw ConfigurationException.of(problem(e, format));
        } catch (RuntimeException e) {
            // MOXy 4.0.6 fails with a NullPointerException on some well-formed JSON of the wrong shape (an array
            // where a string belongs); hostile input must end in a ConfigurationException, not a server error
            if (format == Format.JSON) {
                List<Problem> problems = JsonShape.check(new String(bytes, StandardCharsets.UTF_8));
                throw new ConfigurationException(problems.isEmpty()
                        ? List.of(Problem.ofDocument("not a valid configuration document")) : problems);
            }
            throw e;
        }
        if (format == Format.JSON) {
            // MOXy skips values of the wrong type without a word; refuse them instead
            List<Problem> problems = JsonShape.check(new String(bytes, StandardCharsets.UTF_8));
            if (!problems.isEmpty()) {
                throw new ConfigurationException(problems);
            }
        }
        return document;
    }

    private static boolean startsWithObject(byte[] bytes) {
        int i = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        return i < bytes.length && bytes[i] == '{';
    }

    private static Problem problem(Exception failure, Format format) {
        RefusedField refused = SecureXml.find(failure, RefusedField.class).orElse(null);
        if (refused != null) {
            return refused.problem;
        }
        if (format == Format.XML && SecureXml.isDoctypeRefusal(failure)) {
            return Problem.ofDocument("refused: " + SecureXml.describe(failure));
        }
        String kind = format == Format.XML ? "not well-formed XML: " : "not valid JSON: ";
        return Problem.ofDocument(kind + SecureXml.describe(failure));
    }

    private static void requireXmlSafe(ConfigurationDocument document) {
        List<String> texts = new ArrayList<>();
        if (document.tenant != null) {
            texts.add(document.tenant.id);
            texts.add(document.tenant.name);
        }
        texts.addAll(document.allowedReturnUrls);
        for (ConfigurationDocument.AppElement app : document.apps) {
            texts.addAll(List.of(nullToEmpty(app.key), nullToEmpty(app.provider), nullToEmpty(app.clientId),
                    nullToEmpty(app.issuer), nullToEmpty(app.authorizationEndpoint), nullToEmpty(app.tokenEndpoint),
                    nullToEmpty(app.revocationEndpoint), nullToEmpty(app.redirectUri),
                    nullToEmpty(app.tokenEndpointAuthMethod)));
            texts.addAll(app.scopes);
            for (ConfigurationDocument.NamedValues values : new ConfigurationDocument.NamedValues[] {
                app.authorizationParams, app.templateValues}) {
                if (values == null) {
                    continue;
                }
                for (ConfigurationDocument.NamedValue v : values.entries) {
                    if (!XML_NAME.matcher(v.name).matches()) {
                        throw new IllegalArgumentException("app '" + app.key + "': parameter name '" + v.name
                                + "' cannot be written as XML");
                    }
                    texts.add(v.value);
                }
            }
        }
        for (String text : texts) {
            if (text != null && text.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r'
                    || c == 0xFFFE || c == 0xFFFF)) {
                throw new IllegalArgumentException("the configuration holds a character XML 1.0 cannot represent");
            }
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Numbers the apps as MOXy creates them, so that problems can name {@code apps[i]}. */
    private static final class AppPositions extends Unmarshaller.Listener {
        private int next;

        @Override
        public void beforeUnmarshal(Object target, Object parent) {
            if (target instanceof ConfigurationDocument.AppElement app) {
                app.position = next++;
            }
        }
    }

    /**
     * MOXy hands it each field the mappings do not know; it refuses the document with the field's path. Public only
     * because MOXy instantiates it reflectively; not for other use.
     */
    public static final class UnknownFieldRefusal extends DefaultHandler implements UnmappedContentHandler {
        private org.eclipse.persistence.oxm.record.UnmarshalRecord record;

        @Override
        public void setUnmarshalRecord(org.eclipse.persistence.oxm.record.UnmarshalRecord record) {
            this.record = record;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            Object parent = record == null || record.getParentRecord() == null ? null
                    : record.getParentRecord().getCurrentObject();
            if (parent instanceof ConfigurationDocument.NamedValue
                    || parent instanceof ConfigurationDocument.NamedValues) {
                throw new RefusedField(new Problem(valuePath(record.getParentRecord()), "must be text"));
            }
            if (parent instanceof ConfigurationDocument.AppElement app) {
                throw unknown("apps[" + app.position + "]." + localName, ConfigurationDocument.APP_FIELDS);
            }
            if (parent instanceof ConfigurationDocument.TenantElement) {
                throw unknown("tenant." + localName, ConfigurationDocument.TENANT_FIELDS);
            }
            throw unknown(localName, ConfigurationDocument.DOCUMENT_FIELDS);
        }

        /** The path of a parameter value that holds structure, e.g. {@code apps[0].authorizationParams.hd}. */
        private static String valuePath(UnmarshalRecord<?, ?, ?, ?, ?, ?> start) {
            String name = null;
            String field = null;
            for (UnmarshalRecord<?, ?, ?, ?, ?, ?> r = start; r != null; r = r.getParentRecord()) {
                Object current = r.getCurrentObject();
                if (current instanceof ConfigurationDocument.NamedValue v && name == null) {
                    name = v.name;
                } else if (current instanceof ConfigurationDocument.NamedValues values) {
                    field = values.field();
                } else if (current instanceof ConfigurationDocument.AppElement app) {
                    return "apps[" + app.position + "]" + (field == null ? "" : "." + field)
                            + (name == null ? "" : "." + name);
                }
            }
            return field == null ? "apps" : field;
        }

        private static RefusedField unknown(String path, List<String> known) {
            return new RefusedField(new Problem(path, "unknown field (known here: " + String.join(", ", known)
                    + ")"));
        }
    }

    private static final class Binding {
        static final JAXBContext CONTEXT = create();

        private static JAXBContext create() {
            try {
                return JAXBContextFactory.createContext(new Class<?>[] {ConfigurationDocument.class}, Map.of(),
                        ConfigurationDocument.class.getClassLoader());
            } catch (JAXBException e) {
                throw new IllegalStateException("the tenant configuration binding is broken", e);
            }
        }
    }
}
