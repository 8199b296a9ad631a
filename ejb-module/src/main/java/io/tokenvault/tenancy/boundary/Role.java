package io.tokenvault.tenancy.boundary;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The roles of the public contract, with the names used in the API and in {@code @RolesAllowed}. */
public enum Role {
    PLATFORM_ADMIN(Names.PLATFORM_ADMIN),
    TENANT_ADMIN(Names.TENANT_ADMIN),
    WORKER(Names.WORKER);

    /** Role names as compile-time constants for annotations. */
    public static final class Names {
        public static final String PLATFORM_ADMIN = "platform-admin";
        public static final String TENANT_ADMIN = "tenant-admin";
        public static final String WORKER = "worker";

        private Names() {
        }
    }

    private final String apiName;

    Role(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static Optional<Role> fromApiName(String name) {
        return Arrays.stream(values()).filter(r -> r.apiName.equals(name)).findFirst();
    }

    public static String apiNames() {
        return Arrays.stream(values()).map(Role::apiName).collect(Collectors.joining(", "));
    }
}
