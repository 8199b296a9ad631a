package io.tokenvault.tenancy.control;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The tenant whose data the current thread may touch. Entry points open a scope (the REST filter for a request, a
 * batch partition from its tenant parameter, a timer for each tenant it visits) and close it when done; the scope is
 * never inherited by other threads, so nothing can run under a tenant it was not given explicitly.
 *
 * <p>A Hibernate session takes its tenant when it opens, at the first use of the persistence context in a
 * transaction; so the scope must be open <em>before</em> a boundary's transaction starts. Boundaries check this with
 * {@link #require(String)}: a call under the wrong scope fails loudly instead of touching the wrong rows.
 *
 * <p>With no scope open, the current tenant is {@link #NONE}, which owns no rows: a forgotten scope fails closed.
 * {@link #ROOT} sees every tenant and is used only by cross-tenant machinery (authentication, platform
 * administration, batch jobs over all tenants).
 */
public final class TenantScope implements AutoCloseable {

    /** Sees all tenants. Never a tenant id (tenant ids cannot start with '_'). */
    public static final String ROOT = "_root";
    /** Owns nothing: the tenant when no scope is open. */
    public static final String NONE = "_none";

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private final String previous;

    private TenantScope(String tenant) {
        this.previous = CURRENT.get();
        CURRENT.set(tenant);
    }

    /** Opens a scope for one tenant; close it (try-with-resources) to return to the enclosing one. */
    public static TenantScope of(String tenantId) {
        return new TenantScope(Objects.requireNonNull(tenantId, "tenantId"));
    }

    /** Opens a scope that sees every tenant. */
    public static TenantScope root() {
        return new TenantScope(ROOT);
    }

    public static <T> T callAs(String tenantId, Supplier<T> work) {
        try (TenantScope ignored = of(tenantId)) {
            return work.get();
        }
    }

    public static <T> T callAsRoot(Supplier<T> work) {
        try (TenantScope ignored = root()) {
            return work.get();
        }
    }

    /** The tenant of the innermost open scope, or {@link #NONE}. */
    public static String current() {
        String tenant = CURRENT.get();
        return tenant == null ? NONE : tenant;
    }

    /**
     * Fails unless the current scope is the given tenant (or root). Boundaries call it first, so that a missing or
     * wrong scope is a programming error seen at once rather than an empty result.
     */
    public static void require(String tenantId) {
        String current = current();
        if (!current.equals(tenantId) && !ROOT.equals(current)) {
            throw new IllegalStateException("Operation on tenant " + tenantId + " under tenant scope " + current);
        }
    }

    /** Forgets every scope of this thread (called when a container thread finishes a request). */
    public static void clear() {
        CURRENT.remove();
    }

    @Override
    public void close() {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
