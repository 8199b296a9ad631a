package io.tokenvault.apps.control;

/** CDI event: a tenant's app registrations changed (fired inside the changing transaction, observed after commit). */
public record AppsChanged(String tenantId, String appKey) {
}
