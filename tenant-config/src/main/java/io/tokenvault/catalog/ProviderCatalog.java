package io.tokenvault.catalog;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.persistence.exceptions.EclipseLinkException;
import org.eclipse.persistence.jaxb.BeanValidationMode;
import org.eclipse.persistence.jaxb.JAXBContextFactory;
import org.eclipse.persistence.jaxb.JAXBUnmarshaller;
import org.eclipse.persistence.jaxb.UnmarshallerProperties;
import org.eclipse.persistence.oxm.record.UnmarshalRecord;
import org.eclipse.persistence.oxm.unmapped.UnmappedContentHandler;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The OAuth providers Tokenvault knows: the bundled {@code providers.xml} ({@link #standard()}), bound with
 * EclipseLink MOXy and parsed through {@link SecureXml}. Immutable and thread-safe.
 */
public final class ProviderCatalog {

    private static final String RESOURCE = "providers.xml";

    private final Map<String, ProviderEntry> entries;

    private ProviderCatalog(Map<String, ProviderEntry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** The bundled catalog, read once on first use. */
    public static ProviderCatalog standard() {
        return Standard.CATALOG;
    }

    /**
     * Reads a catalog document (the bundled one, or a variant in tests) with the same secure parsing and checks.
     *
     * @throws InvalidCatalogException listing everything wrong with it, or why it could not be parsed
     */
    public static ProviderCatalog read(InputStream xml) {
        CatalogDocument document = parse(xml);
        List<String> problems = new ArrayList<>();
        var catalogRules = ProviderEntry.rules(document.errors, "catalog", problems);
        Map<String, ProviderEntry> entries = new LinkedHashMap<>();
        for (CatalogDocument.Provider p : document.providers) {
            ProviderEntry entry = ProviderEntry.of(p, catalogRules, problems);
            if (entries.putIfAbsent(entry.id(), entry) != null) {
                problems.add("provider '" + entry.id() + "' is defined twice");
            }
        }
        if (entries.isEmpty()) {
            problems.add("the catalog defines no provider");
        }
        if (!problems.isEmpty()) {
            throw new InvalidCatalogException(problems);
        }
        return new ProviderCatalog(entries);
    }

    public Optional<ProviderEntry> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(entries.get(id));
    }

    /** Every entry, in catalog order. */
    public List<ProviderEntry> all() {
        return List.copyOf(entries.values());
    }

    /** Every provider id, in catalog order. */
    public Set<String> ids() {
        return entries.keySet();
    }

    private static CatalogDocument parse(InputStream xml) {
        if (xml == null) {
            throw new InvalidCatalogException(List.of("no catalog document"));
        }
        try {
            Unmarshaller unmarshaller = Binding.CONTEXT.createUnmarshaller();
            unmarshaller.setProperty(UnmarshallerProperties.BEAN_VALIDATION_MODE, BeanValidationMode.NONE);
            unmarshaller.setEventHandler(event -> false);
            ((JAXBUnmarshaller) unmarshaller).getXMLUnmarshaller()
                    .setUnmappedContentHandlerClass(UnknownElementRefusal.class);
            JAXBElement<CatalogDocument> root = unmarshaller.unmarshal(SecureXml.source(xml), CatalogDocument.class);
            if (!"catalog".equals(root.getName().getLocalPart())) {
                throw new InvalidCatalogException(List.of("the root element must be <catalog>, not <"
                        + root.getName().getLocalPart() + ">"));
            }
            return root.getValue();
        } catch (JAXBException | EclipseLinkException e) {
            throw new InvalidCatalogException(List.of("the catalog is not a valid document: "
                    + SecureXml.describe(e)));
        }
    }

    /**
     * MOXy hands it each element the binding does not know, so that a typo in the catalog fails loudly instead of
     * being skipped. Public only because MOXy instantiates it reflectively; not for other use.
     */
    public static final class UnknownElementRefusal extends DefaultHandler implements UnmappedContentHandler {
        private UnmarshalRecord record;

        @Override
        public void setUnmarshalRecord(UnmarshalRecord record) {
            this.record = record;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            Object parent = record == null || record.getParentRecord() == null ? null
                    : record.getParentRecord().getCurrentObject();
            String where = parent instanceof CatalogDocument.Provider p ? " in provider '" + p.id + "'" : "";
            throw new SAXException("unknown element <" + localName + ">" + where);
        }
    }

    private static final class Binding {
        static final JAXBContext CONTEXT = create();

        private static JAXBContext create() {
            try {
                return JAXBContextFactory.createContext(new Class<?>[] {CatalogDocument.class}, Map.of(),
                        CatalogDocument.class.getClassLoader());
            } catch (JAXBException e) {
                throw new IllegalStateException("the provider catalog binding is broken", e);
            }
        }
    }

    private static final class Standard {
        static final ProviderCatalog CATALOG = load();

        private static ProviderCatalog load() {
            try (InputStream in = ProviderCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled " + RESOURCE + " is missing");
                }
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the bundled " + RESOURCE, e);
            }
        }
    }
}
