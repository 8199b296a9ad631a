package io.tokenvault.tenantconfig;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementWrapper;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlTransient;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.persistence.oxm.annotations.XmlReadOnly;
import org.eclipse.persistence.oxm.annotations.XmlVariableNode;

/**
 * The MOXy binding of a tenant configuration document, one set of mappings for XML and JSON. Internal: the codec
 * converts it to and from the immutable {@link TenantConfiguration}.
 *
 * <p>Names are camelCase in both forms so that the JSON matches the REST API's field names. Parameter maps use
 * {@link XmlVariableNode}: a JSON object {@code {"hd": "example.com"}}, an XML element {@code <hd>example.com</hd>}.
 */
@XmlRootElement(name = ConfigurationDocument.ROOT)
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"tenant", "apps", "allowedReturnUrls"})
final class ConfigurationDocument {

    static final String ROOT = "tenantConfiguration";

    /** What may appear at each level; unknown fields are refused with this list in the message. */
    static final List<String> DOCUMENT_FIELDS = List.of("tenant", "apps", "allowedReturnUrls");
    static final List<String> TENANT_FIELDS = List.of("id", "name");
    static final List<String> APP_FIELDS = List.of("key", "provider", "clientId", "clientSecret", "scopes", "issuer",
            "authorizationEndpoint", "tokenEndpoint", "revocationEndpoint", "redirectUri", "tokenEndpointAuthMethod",
            "authorizationParams", "templateValues");

    @XmlElement
    TenantElement tenant;

    @XmlElementWrapper(name = "apps")
    @XmlElement(name = "app")
    List<AppElement> apps = new ArrayList<>();

    @XmlElementWrapper(name = "allowedReturnUrls")
    @XmlElement(name = "url")
    List<String> allowedReturnUrls = new ArrayList<>();

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class TenantElement {
        @XmlAttribute
        String id;
        @XmlAttribute
        String name;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"provider", "clientId", "clientSecret", "scopes", "issuer", "authorizationEndpoint",
        "tokenEndpoint", "revocationEndpoint", "redirectUri", "tokenEndpointAuthMethod", "authorizationParams",
        "templateValues"})
    static final class AppElement {
        /** Index among the document's apps while reading, for problem paths such as {@code apps[2].clientID}. */
        @XmlTransient
        int position = -1;

        @XmlAttribute
        String key;
        @XmlElement
        String provider;
        @XmlElement
        String clientId;
        /** Import only: MOXy reads it and never writes it (the codec also strips it before writing). */
        @XmlReadOnly
        @XmlElement
        String clientSecret;
        @XmlElementWrapper(name = "scopes")
        @XmlElement(name = "scope")
        List<String> scopes = new ArrayList<>();
        @XmlElement
        String issuer;
        @XmlElement
        String authorizationEndpoint;
        @XmlElement
        String tokenEndpoint;
        @XmlElement
        String revocationEndpoint;
        @XmlElement
        String redirectUri;
        @XmlElement
        String tokenEndpointAuthMethod;
        @XmlElement
        AuthorizationParams authorizationParams;
        @XmlElement
        TemplateValues templateValues;
    }

    /** A string map whose keys become element names (XML) or member names (JSON). */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlTransient
    abstract static class NamedValues {
        @XmlVariableNode("name")
        List<NamedValue> entries = new ArrayList<>();

        abstract String field();
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class AuthorizationParams extends NamedValues {
        @Override
        String field() {
            return "authorizationParams";
        }
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class TemplateValues extends NamedValues {
        @Override
        String field() {
            return "templateValues";
        }
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class NamedValue {
        @XmlTransient
        String name;
        @XmlValue
        String value;
    }

    /** The document for {@code config}, without any client secret. */
    static ConfigurationDocument exportOf(TenantConfiguration config) {
        ConfigurationDocument doc = new ConfigurationDocument();
        if (config.tenant() != null) {
            doc.tenant = new TenantElement();
            doc.tenant.id = config.tenant().id();
            doc.tenant.name = config.tenant().name();
        }
        for (AppConfiguration app : config.apps()) {
            if (app == null) {
                continue;
            }
            AppElement e = new AppElement();
            e.key = app.key();
            e.provider = app.provider();
            e.clientId = app.clientId();
            e.scopes = new ArrayList<>(app.scopes());
            e.issuer = app.issuer();
            e.authorizationEndpoint = app.authorizationEndpoint();
            e.tokenEndpoint = app.tokenEndpoint();
            e.revocationEndpoint = app.revocationEndpoint();
            e.redirectUri = app.redirectUri();
            e.tokenEndpointAuthMethod = app.tokenEndpointAuthMethod();
            e.authorizationParams = namedValues(app.authorizationParams(), new AuthorizationParams());
            e.templateValues = namedValues(app.templateValues(), new TemplateValues());
            doc.apps.add(e);
        }
        doc.allowedReturnUrls = new ArrayList<>(config.allowedReturnUrls());
        return doc;
    }

    /** The configuration this document describes, client secrets included. */
    TenantConfiguration toConfiguration() {
        TenantConfiguration.TenantInfo info = tenant == null ? null
                : new TenantConfiguration.TenantInfo(tenant.id, tenant.name);
        List<AppConfiguration> result = new ArrayList<>();
        for (AppElement e : apps == null ? List.<AppElement>of() : apps) {
            result.add(e == null ? null : new AppConfiguration(e.key, e.provider, e.clientId, e.clientSecret,
                    e.scopes, e.issuer, e.authorizationEndpoint, e.tokenEndpoint, e.revocationEndpoint,
                    e.redirectUri, e.tokenEndpointAuthMethod, map(e.authorizationParams), map(e.templateValues)));
        }
        return new TenantConfiguration(info, result, allowedReturnUrls);
    }

    private static <T extends NamedValues> T namedValues(Map<String, String> map, T values) {
        if (map.isEmpty()) {
            return null;
        }
        map.forEach((name, value) -> {
            NamedValue v = new NamedValue();
            v.name = name;
            v.value = value;
            values.entries.add(v);
        });
        return values;
    }

    private static Map<String, String> map(NamedValues values) {
        Map<String, String> map = new LinkedHashMap<>();
        if (values != null && values.entries != null) {
            values.entries.stream().filter(v -> v != null && v.name != null).forEach(v -> map.put(v.name, v.value));
        }
        return map;
    }
}
