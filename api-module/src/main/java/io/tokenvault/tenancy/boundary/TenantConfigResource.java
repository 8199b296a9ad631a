package io.tokenvault.tenancy.boundary;

import io.tokenvault.tenancy.control.ConfigurationDocuments;
import io.tokenvault.tenantconfig.Format;
import io.tokenvault.tenantconfig.TenantConfiguration;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;

/**
 * {@code /api/v1/tenants/{tenant}/config}: the tenant's configuration as XML or JSON (content negotiation), through
 * the same MOXy mappings; secrets are never exported. DTDs, external entities and documents over 1 MB are refused.
 */
@Path("tenants/{tenant}/config")
@RequestScoped
@RolesAllowed({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN})
public class TenantConfigResource {

    @Inject
    TenantConfigurations configurations;

    @Inject
    Caller caller;

    @PathParam("tenant")
    String tenant;

    private static final java.util.List<jakarta.ws.rs.core.Variant> VARIANTS = jakarta.ws.rs.core.Variant
            .mediaTypes(MediaType.APPLICATION_JSON_TYPE, MediaType.APPLICATION_XML_TYPE, MediaType.TEXT_XML_TYPE).build();

    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML, MediaType.TEXT_XML})
    public Response get(@Context Request request) {
        return answer(request, configurations.export(caller, tenant));
    }

    /** The document may come as XML or JSON (Content-Type) and the answer go back as either (Accept). */
    @PUT
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML, MediaType.TEXT_XML})
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML, MediaType.TEXT_XML})
    public Response put(InputStream body, @Context HttpHeaders headers, @Context Request request) {
        Format in = isXml(headers.getMediaType()) ? Format.XML : Format.JSON;
        return answer(request, configurations.apply(caller, tenant, read(body, in)));
    }

    private static Response answer(Request request, TenantConfiguration configuration) {
        jakarta.ws.rs.core.Variant chosen = request.selectVariant(VARIANTS);
        MediaType type = chosen == null ? MediaType.APPLICATION_JSON_TYPE : chosen.getMediaType();
        return Response.ok(write(configuration, isXml(type) ? Format.XML : Format.JSON), type).build();
    }

    private static boolean isXml(MediaType type) {
        return type != null && type.getSubtype().endsWith("xml");
    }

    private static TenantConfiguration read(InputStream body, Format format) {
        return ConfigurationDocuments.read(body, format);
    }

    private static StreamingOutput write(TenantConfiguration configuration, Format format) {
        return out -> ConfigurationDocuments.write(configuration, format, out);
    }
}
