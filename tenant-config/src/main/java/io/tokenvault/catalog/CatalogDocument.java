package io.tokenvault.catalog;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementWrapper;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The MOXy binding of {@code providers.xml}: mutable, field-bound and internal. {@link ProviderCatalog} checks it and
 * turns it into immutable {@link ProviderEntry} views; nothing else sees these classes.
 */
@XmlRootElement(name = "catalog")
@XmlAccessorType(XmlAccessType.FIELD)
final class CatalogDocument {

    /** Rules that apply to every provider when none of its own matches. */
    @XmlElementWrapper(name = "errors")
    @XmlElement(name = "error")
    List<ErrorRule> errors = new ArrayList<>();

    @XmlElement(name = "provider")
    List<Provider> providers = new ArrayList<>();

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class Provider {
        @XmlAttribute
        String id;
        @XmlAttribute
        String name;
        @XmlAttribute
        Boolean discovery;
        @XmlAttribute(name = "endpoints-given")
        Boolean endpointsGiven;

        @XmlElement
        EndpointTemplates endpoints;
        @XmlElement(name = "template-variable")
        List<Variable> variables = new ArrayList<>();
        @XmlElement(name = "offline-access")
        OfflineAccess offlineAccess;
        @XmlElement(name = "authorization-param")
        List<Param> authorizationParams = new ArrayList<>();
        @XmlElement
        Boolean pkce;
        @XmlElement(name = "scope-separator")
        String scopeSeparator;
        @XmlElement(name = "token-endpoint-auth-method")
        String tokenEndpointAuthMethod;
        @XmlElement(name = "incremental-authorization")
        Param incrementalAuthorization;
        @XmlElement(name = "refresh-tokens")
        RefreshTokens refreshTokens;
        @XmlElementWrapper(name = "errors")
        @XmlElement(name = "error")
        List<ErrorRule> errors = new ArrayList<>();
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class EndpointTemplates {
        @XmlElement
        String authorization;
        @XmlElement
        String token;
        @XmlElement
        String revocation;
        @XmlElement
        String userinfo;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class Variable {
        @XmlAttribute
        String name;
        @XmlAttribute(name = "default")
        String defaultValue;
        @XmlAttribute
        String pattern;
        @XmlAttribute
        String description;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class OfflineAccess {
        @XmlElement(name = "param")
        List<Param> params = new ArrayList<>();
        @XmlElement(name = "scope")
        List<Scope> scopes = new ArrayList<>();
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class Param {
        @XmlAttribute
        String name;
        @XmlValue
        String value;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class Scope {
        /** Only when the issuer's discovery document lists the scope ({@code oidc}). */
        @XmlAttribute(name = "if-advertised")
        Boolean ifAdvertised;
        @XmlValue
        String value;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class RefreshTokens {
        @XmlAttribute
        Boolean rotate;
        /** ISO-8601 durations. */
        @XmlAttribute
        String lifetime;
        @XmlAttribute(name = "inactivity-lifetime")
        String inactivityLifetime;
        @XmlAttribute(name = "absolute-lifetime")
        String absoluteLifetime;
        @XmlAttribute(name = "testing-app-lifetime")
        String testingAppLifetime;
        @XmlAttribute(name = "grant-limit-per-user")
        Integer grantLimitPerUser;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class ErrorRule {
        @XmlAttribute
        String error;
        @XmlAttribute
        String subtype;
        @XmlAttribute
        String code;
        @XmlAttribute(name = "description-contains")
        String descriptionContains;
        @XmlAttribute
        String reason;
        @XmlElement
        String explanation;
        @XmlElement
        String remedy;
    }
}
