package io.tokenvault.tenantconfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's whole configuration as one document ({@code GET/PUT /api/v1/tenants/{t}/config}): its OAuth apps and the
 * return URLs its connect flows may redirect to. Immutable; lists are never {@code null} but may hold {@code null}
 * elements read from a document, which {@link TenantConfigurationValidator} reports.
 *
 * @param tenant            which tenant the document was exported from (informational), or {@code null}
 * @param apps              the OAuth app registrations
 * @param allowedReturnUrls where a finished connect flow may send the user's browser
 */
public record TenantConfiguration(TenantInfo tenant, List<AppConfiguration> apps, List<String> allowedReturnUrls) {

    /** The exporting tenant; informational only, an import never renames or moves a tenant. */
    public record TenantInfo(String id, String name) {
    }

    public TenantConfiguration {
        apps = copy(apps);
        allowedReturnUrls = copy(allowedReturnUrls);
    }

    /** The same configuration with every app's client secret removed: what an export contains. */
    public TenantConfiguration withoutClientSecrets() {
        return new TenantConfiguration(tenant,
                apps.stream().map(a -> a == null ? null : a.withoutClientSecret()).toList(), allowedReturnUrls);
    }

    /** The app with this key, if there is one. */
    public Optional<AppConfiguration> findApp(String key) {
        return apps.stream().filter(a -> a != null && a.key() != null && a.key().equals(key)).findFirst();
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
