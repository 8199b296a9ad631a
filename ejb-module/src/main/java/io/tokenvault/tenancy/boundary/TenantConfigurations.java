package io.tokenvault.tenancy.boundary;

import io.tokenvault.apps.boundary.AppRequest;
import io.tokenvault.apps.boundary.Apps;
import io.tokenvault.apps.entity.OAuthApp;
import io.tokenvault.catalog.ProviderCatalog;
import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.tenancy.entity.Tenant;
import io.tokenvault.tenantconfig.AppConfiguration;
import io.tokenvault.tenantconfig.Problem;
import io.tokenvault.tenantconfig.TenantConfiguration;
import io.tokenvault.tenantconfig.TenantConfigurationValidator;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * A tenant's whole configuration as one document (its apps and allowed return URLs), for export and import. Export
 * never contains a secret; an import may carry new secrets. An import is validated as a whole (every error at once,
 * with its path) and applied in one transaction; apps the document does not name are left as they are.
 */
@Stateless
public class TenantConfigurations {

    @PersistenceContext
    EntityManager em;

    @Inject
    Apps apps;

    public TenantConfiguration export(Caller caller, String tenantId) {
        Tenant tenant = requireAdmin(caller, tenantId);
        List<AppConfiguration> configured = em.createQuery("select a from OAuthApp a order by a.appKey",
                OAuthApp.class).getResultStream().map(TenantConfigurations::toConfiguration).toList();
        return new TenantConfiguration(new TenantConfiguration.TenantInfo(tenant.id(), tenant.name()), configured,
                tenant.allowedReturnUrls());
    }

    public TenantConfiguration apply(Caller caller, String tenantId, TenantConfiguration document) {
        Tenant tenant = requireAdmin(caller, tenantId);
        List<Problem> problems = new TenantConfigurationValidator().validate(document, ProviderCatalog.standard());
        if (document.tenant() != null && document.tenant().id() != null && !tenantId.equals(document.tenant().id())) {
            problems = new java.util.ArrayList<>(problems);
            problems.add(new Problem("tenant.id", "names tenant '" + document.tenant().id()
                    + "', not this tenant '" + tenantId + "'"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.stream()
                    .map(p -> new InvalidInputException.FieldError(p.path().isEmpty() ? "document" : p.path(),
                            p.message())).toList());
        }
        for (int i = 0; i < document.apps().size(); i++) {
            AppConfiguration app = document.apps().get(i);
            try {
                apps.put(caller, tenantId, app.key(), new AppRequest(app.provider(), app.clientId(),
                        app.clientSecret(), app.scopes(), app.issuer(), app.authorizationEndpoint(),
                        app.tokenEndpoint(), app.revocationEndpoint(), app.redirectUri(), app.tokenEndpointAuthMethod(),
                        app.authorizationParams(), app.templateValues()));
            } catch (InvalidInputException invalid) {
                String prefix = "apps[" + i + "].";
                throw new InvalidInputException(invalid.errors().stream()
                        .map(e -> new InvalidInputException.FieldError(prefix + e.field(), e.message())).toList());
            }
        }
        tenant.allowReturnUrls(document.allowedReturnUrls());
        em.flush();
        return export(caller, tenantId);
    }

    private Tenant requireAdmin(Caller caller, String tenantId) {
        caller.requireTenantAdmin(tenantId, "Worker keys cannot read or change the tenant configuration");
        Tenant tenant = em.find(Tenant.class, tenantId);
        if (tenant == null) {
            throw NoSuchResourceException.of("Tenant", tenantId);
        }
        return tenant;
    }

    private static AppConfiguration toConfiguration(OAuthApp app) {
        return new AppConfiguration(app.appKey(), app.provider(), app.clientId(), null, List.copyOf(app.scopes()),
                app.issuer(), app.authorizationEndpoint(), app.tokenEndpoint(), app.revocationEndpoint(),
                app.redirectUri(), app.tokenEndpointAuthMethod(), app.authorizationParams(), app.templateValues());
    }
}
