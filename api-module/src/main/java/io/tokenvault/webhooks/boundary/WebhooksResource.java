package io.tokenvault.webhooks.boundary;

import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.boundary.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * {@code /api/v1/tenants/{tenant}/webhooks}: subscribe ({@code 201 {id,url,events,secret}}, the secret shown once),
 * list, read, delete; {@code GET .../{id}/deliveries} the delivery log; {@code POST
 * .../{id}/deliveries/{delivery}/redeliver} sends one again.
 */
@Path("tenants/{tenant}/webhooks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN})
public class WebhooksResource {

    @Inject
    Webhooks webhooks;

    @Inject
    Caller caller;

    @PathParam("tenant")
    String tenant;

    @POST
    public Response subscribe(Webhooks.SubscribeRequest request, @Context UriInfo uri) {
        WebhookViews.Created created = webhooks.subscribe(caller, tenant, request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    public List<WebhookViews.Subscription> list() {
        return webhooks.list(caller, tenant);
    }

    @GET
    @Path("{id}")
    public WebhookViews.Subscription get(@PathParam("id") String id) {
        return webhooks.get(caller, tenant, id);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        webhooks.delete(caller, tenant, id);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/deliveries")
    public List<WebhookViews.Delivery> deliveries(@PathParam("id") String id, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return webhooks.deliveries(caller, tenant, id, page, size);
    }

    @POST
    @Path("{id}/deliveries/{delivery}/redeliver")
    public Response redeliver(@PathParam("id") String id, @PathParam("delivery") String delivery) {
        return Response.accepted(webhooks.redeliver(caller, tenant, id, delivery)).build();
    }
}
