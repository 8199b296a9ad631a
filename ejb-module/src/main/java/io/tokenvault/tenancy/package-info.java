/**
 * Tenants and tenant isolation. Isolation is one mechanism: every tenant-owned entity carries Hibernate's
 * {@code @TenantId}, and the tenant of the current {@link io.tokenvault.tenancy.control.TenantScope} filters every
 * query and stamps every insert, so a query cannot return another tenant's rows by construction.
 */
package io.tokenvault.tenancy;
