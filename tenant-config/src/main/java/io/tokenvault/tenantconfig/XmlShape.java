package io.tokenvault.tenantconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Sits between the secure parser and MOXy and refuses what MOXy would silently skip: a root element other than
 * {@code <tenantConfiguration>}, elements in a namespace, and text where only child elements belong (such as
 * {@code <scopes>openid email</scopes>}). One instance per parse.
 */
final class XmlShape extends XMLFilterImpl {

    private static final String ROOT = ConfigurationDocument.ROOT;
    private static final Set<List<String>> CONTAINERS = Set.of(List.of(ROOT), List.of(ROOT, "tenant"),
            List.of(ROOT, "apps"), List.of(ROOT, "apps", "app"), List.of(ROOT, "apps", "app", "scopes"),
            List.of(ROOT, "apps", "app", "authorizationParams"), List.of(ROOT, "apps", "app", "templateValues"),
            List.of(ROOT, "allowedReturnUrls"));

    private final List<String> open = new ArrayList<>();
    private int apps = -1;

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        if (open.isEmpty() && !ROOT.equals(localName)) {
            throw new RefusedField(Problem.ofDocument("the root element must be <" + ROOT + ">, not <" + localName
                    + ">"));
        }
        if (uri != null && !uri.isEmpty()) {
            throw new RefusedField(new Problem(path(localName), "elements must not be in a namespace (found "
                    + uri + ")"));
        }
        if (open.equals(List.of(ROOT, "apps")) && "app".equals(localName)) {
            apps++;
        }
        open.add(localName);
        for (int i = 0; i < atts.getLength(); i++) {
            String name = atts.getLocalName(i);
            boolean known = open.equals(List.of(ROOT, "tenant")) && ("id".equals(name) || "name".equals(name))
                    || open.equals(List.of(ROOT, "apps", "app")) && "key".equals(name);
            if (!known || !atts.getURI(i).isEmpty()) {
                throw new RefusedField(new Problem(path(null), "unknown attribute '" + atts.getQName(i) + "'"));
            }
        }
        super.startElement(uri, localName, qName, atts);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        open.remove(open.size() - 1);
        super.endElement(uri, localName, qName);
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (CONTAINERS.contains(open)) {
            for (int i = start; i < start + length; i++) {
                if (!Character.isWhitespace(ch[i])) {
                    throw new RefusedField(new Problem(path(null), "must contain elements, not text"));
                }
            }
        }
        super.characters(ch, start, length);
    }

    /** The property path of the open element (plus {@code next}), e.g. {@code apps[1].scopes}. */
    private String path(String next) {
        List<String> names = new ArrayList<>(open);
        if (next != null) {
            names.add(next);
        }
        StringBuilder path = new StringBuilder();
        for (int i = 1; i < names.size(); i++) {
            if (i == 2 && "apps".equals(names.get(1)) && "app".equals(names.get(2))) {
                path.append('[').append(Math.max(apps, 0)).append(']');
                continue;
            }
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(names.get(i));
        }
        return path.toString();
    }
}
