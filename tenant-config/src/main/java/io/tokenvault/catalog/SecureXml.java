package io.tokenvault.catalog;

import jakarta.xml.bind.JAXBException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.sax.SAXSource;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * The only way Tokenvault parses XML: a SAX reader that refuses any DOCTYPE (so no DTD, no internal or external
 * entity, no billion laughs), with external entities, external DTD loading and XInclude switched off as well.
 *
 * <p>MOXy is always handed a {@link SAXSource} made here, never a raw stream: MOXy 4.0.6's own default parser, given
 * a plain {@code InputStream} or {@code Reader}, expands external entities (this module's tests show it reading a
 * local file), so "MOXy refuses external entities by default" is not something to rely on.
 */
public final class SecureXml {

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";

    private SecureXml() {
    }

    /** A source for {@code Unmarshaller.unmarshal(Source, Class)} that reads {@code in} with a hardened reader. */
    public static SAXSource source(InputStream in) {
        return new SAXSource(newReader(), new InputSource(in));
    }

    /**
     * A source that reads {@code in} with a hardened reader, through {@code filter} (which sees every SAX event before
     * MOXy does and may refuse the document by throwing).
     */
    public static SAXSource source(InputStream in, XMLFilterImpl filter) {
        XMLReader reader = newReader();
        filter.setParent(reader);
        filter.setEntityResolver(reader.getEntityResolver());
        filter.setErrorHandler(reader.getErrorHandler());
        return new SAXSource(filter, new InputSource(in));
    }

    /**
     * A new namespace-aware, non-validating reader that refuses DOCTYPE declarations, resolves no entity and no
     * external resource, and reports every error as an exception instead of printing it.
     */
    public static XMLReader newReader() {
        try {
            // the JDK's own parser, whatever else is on the class path: the features below are known to work on it
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser parser = factory.newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            XMLReader reader = parser.getXMLReader();
            reader.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed (" + systemId + ")");
            });
            reader.setErrorHandler(RETHROW);
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's XML parser does not support the required security features",
                    e);
        }
    }

    /**
     * Whether {@code failure} (or one of its causes) is the refusal of a DOCTYPE declaration, i.e. an attempt to use
     * a DTD or entities.
     */
    public static boolean isDoctypeRefusal(Throwable failure) {
        return parseException(failure).map(SecureXml::mentionsDoctype).orElse(false);
    }

    /**
     * A one-line explanation of why parsing failed, fit to show the author of the document: the position and the
     * parser's message, or a plain statement that DOCTYPE declarations are refused. Never includes document content
     * beyond what the parser itself quotes.
     */
    public static String describe(Throwable failure) {
        Optional<SAXParseException> parse = parseException(failure);
        if (parse.isPresent()) {
            SAXParseException e = parse.get();
            String where = e.getLineNumber() > 0
                    ? "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": "
                    : "";
            if (mentionsDoctype(e)) {
                return where + "DOCTYPE declarations are not allowed (no DTDs, no entities)";
            }
            return where + e.getMessage();
        }
        Throwable root = rootCause(failure);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** The innermost cause, following both {@link Throwable#getCause()} and JAXB's linked exceptions. */
    public static Throwable rootCause(Throwable failure) {
        Throwable current = failure;
        Set<Throwable> seen = new HashSet<>();
        while (seen.add(current)) {
            Throwable next = next(current);
            if (next == null) {
                return current;
            }
            current = next;
        }
        return current;
    }

    /** The first cause of the given type, following both causes and JAXB's linked exceptions. */
    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        Throwable current = failure;
        Set<Throwable> seen = new HashSet<>();
        while (current != null && seen.add(current)) {
            if (type.isInstance(current)) {
                return Optional.of(type.cast(current));
            }
            current = next(current);
        }
        return Optional.empty();
    }

    private static Throwable next(Throwable t) {
        if (t instanceof JAXBException jaxb && jaxb.getLinkedException() != null) {
            return jaxb.getLinkedException();
        }
        if (t instanceof SAXException sax && sax.getException() != null) {
            return sax.getException();
        }
        return t.getCause();
    }

    private static Optional<SAXParseException> parseException(Throwable failure) {
        return find(failure, SAXParseException.class);
    }

    private static boolean mentionsDoctype(SAXParseException e) {
        // the JDK's message names the feature (in every locale it ships) and the keyword DOCTYPE
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("disallow-doctype-decl") || message.contains("doctype");
    }

    private static final ErrorHandler RETHROW = new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {
            // warnings (e.g. about ignored features) do not make a document unusable
        }

        @Override
        public void error(SAXParseException exception) throws SAXException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    };
}
