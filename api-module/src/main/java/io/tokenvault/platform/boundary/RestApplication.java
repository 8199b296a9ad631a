package io.tokenvault.platform.boundary;

import io.tokenvault.tenancy.boundary.Role;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The public REST API, version 1: {@code /api/v1}, the WAR's context root being {@code /api}. */
@ApplicationPath("v1")
@DeclareRoles({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN, Role.Names.WORKER})
public class RestApplication extends Application {
}
