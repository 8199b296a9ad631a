package io.tokenvault.tenancy.boundary;

import io.tokenvault.platform.boundary.UiActions;
import io.tokenvault.tenancy.control.ConfigurationDocuments;
import io.tokenvault.tenantconfig.Format;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /config/index.xhtml?format=xml|json}: the tenant's whole configuration (apps and allowed return URLs) as the
 * document the REST API exports, never with a secret, and the form that applies one, validated as a whole (every
 * problem with its path) and applied in one transaction by {@link TenantConfigurations}. A document that failed and
 * carries client secrets is not shown again on the answer: the page never echoes a secret.
 */
@Named
@RequestScoped
public class ConfigurationBacking {

    @Inject
    TenantConfigurations configurations;

    @Inject
    UiActions ui;

    private String format = "xml";
    private String document;
    private String current;

    /** The format asked for in the URL ({@code ?format=json}); a postback carries its own in the form. */
    @PostConstruct
    void formatFromUrl() {
        setFormat(ui.param("format"));
    }

    public String getCurrent() {
        if (current == null) {
            current = ui.read(() -> ConfigurationDocuments.document(configurations.export(ui.caller(), ui.tenant()),
                    format())).orElse("");
        }
        return current;
    }

    public void apply() {
        String text = document == null ? "" : document;
        ui.change(ui.tenant(), "TenantConfigurations.apply", "config", () -> configurations.apply(ui.caller(),
                ui.tenant(), ConfigurationDocuments.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                        format()))).ifPresentOrElse(applied -> {
                            ui.info("Configuration applied: " + applied.apps().size() + " apps.");
                            ui.redirect("/config/index.xhtml?format=" + format);
                        }, () -> {
                            if (text.contains("clientSecret")) {
                                document = null;
                                ui.error(null, "The document is not shown again because it holds client secrets;"
                                        + " paste it again once the problems above are fixed.");
                            }
                        });
    }

    private Format format() {
        return "json".equals(format) ? Format.JSON : Format.XML;
    }

    public List<String> getFormats() {
        return List.of("xml", "json");
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = "json".equalsIgnoreCase(format) ? "json" : "xml";
    }

    public String getDocument() {
        return document;
    }

    public void setDocument(String document) {
        this.document = document;
    }
}
