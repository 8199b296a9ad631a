package io.tokenvault.tenancy.control;

import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.tenantconfig.ConfigurationException;
import io.tokenvault.tenantconfig.Format;
import io.tokenvault.tenantconfig.TenantConfiguration;
import io.tokenvault.tenantconfig.TenantConfigurationCodec;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Tenant configurations as documents (XML or JSON, through the MOXy mappings), the same for the REST API and the admin
 * UI: a document's problems become one invalid input with every problem and its path; what is written never holds a
 * client secret.
 */
public final class ConfigurationDocuments {

    /** The largest document an import reads; DTDs and external entities are refused whatever the size. */
    public static final int MAX_DOCUMENT_BYTES = 1024 * 1024;
    private static final TenantConfigurationCodec CODEC = TenantConfigurationCodec.create();

    private ConfigurationDocuments() {
    }

    /** Reads a configuration document (XML or JSON); its problems, each with its path, as an invalid input. */
    public static TenantConfiguration read(InputStream document, Format format) {
        try {
            return CODEC.read(document, format, MAX_DOCUMENT_BYTES);
        } catch (ConfigurationException e) {
            throw new InvalidInputException(e.problems().stream()
                    .map(p -> new InvalidInputException.FieldError(p.path().isEmpty() ? "document" : p.path(),
                            p.message())).toList());
        }
    }

    /** Writes a configuration as a document, without its client secrets. */
    public static void write(TenantConfiguration configuration, Format format, OutputStream out) {
        CODEC.write(configuration.withoutClientSecrets(), format, out);
    }

    /** {@link #write} into a string, for a page. */
    public static String document(TenantConfiguration configuration, Format format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(configuration, format, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
