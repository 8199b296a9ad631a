package io.tokenvault.apps.boundary;

import io.tokenvault.connections.boundary.ConnectionPage;
import io.tokenvault.connections.boundary.Connections;
import io.tokenvault.platform.boundary.UiActions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code /apps/edit.xhtml?app=}: registers a new app from the provider catalog (no {@code app}) or edits one. The
 * client secret field is write-only: it is never filled in, only its fingerprint is shown; leaving it empty keeps the
 * stored secret. After a save, the page says how many connections lack the app's (new) scopes and need re-consent.
 */
@Named
@RequestScoped
public class AppEditBacking {

    @Inject
    Apps apps;

    @Inject
    Connections connections;

    @Inject
    UiActions ui;

    private String app;
    private boolean loaded;
    private AppView existing;
    private Long needingConsent;

    private String appKey;
    private String provider;
    private String clientId;
    private String clientSecret;
    private String scopes;
    private String issuer;
    private String authorizationEndpoint;
    private String tokenEndpoint;
    private String revocationEndpoint;
    private String redirectUri;
    private String tokenEndpointAuthMethod;
    private String templateValues;

    /** GET: fills the form from the stored app (never its secret); 404 for an unknown or foreign app. */
    public void load() {
        if (loaded || app == null || app.isBlank()) {
            return;
        }
        loaded = true;
        ui.read(() -> apps.get(ui.caller(), ui.tenant(), app)).ifPresent(a -> {
            existing = a;
            appKey = a.app();
            provider = a.provider();
            clientId = a.clientId();
            scopes = String.join(" ", a.scopes());
            issuer = a.issuer();
            authorizationEndpoint = a.authorizationEndpoint();
            tokenEndpoint = a.tokenEndpoint();
            revocationEndpoint = a.revocationEndpoint();
            redirectUri = a.redirectUri();
            tokenEndpointAuthMethod = a.tokenEndpointAuthMethod();
            templateValues = a.templateValues().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n"));
        });
    }

    public void save() {
        boolean editing = isEditing();
        String key = editing ? app : (appKey == null ? null : appKey.strip());
        AppRequest request = new AppRequest(blank(provider), blank(clientId), clientSecret == null
                || clientSecret.isEmpty() ? null : clientSecret, words(scopes), blank(issuer),
                blank(authorizationEndpoint), blank(tokenEndpoint), blank(revocationEndpoint), blank(redirectUri),
                blank(tokenEndpointAuthMethod), null, pairs(templateValues));
        clientSecret = null;
        ui.change(ui.tenant(), "Apps.put", "apps/" + key, () -> apps.put(ui.caller(), ui.tenant(), key, request))
                .ifPresent(saved -> {
                    ui.info(saved.created() ? "App " + key + " registered." : "App " + key + " saved.");
                    ui.redirect("/apps/edit.xhtml?app=" + key);
                });
    }

    /** How many connections lack some of the app's scopes (they need re-consent), for an existing app. */
    public long getNeedingConsent() {
        if (needingConsent == null) {
            AppView existing = getExisting();
            needingConsent = existing == null || existing.scopes().isEmpty() ? 0L
                    : ui.read(() -> connections.list(ui.caller(), ui.tenant(), null, existing.app(), "0", "1", "true"))
                            .map(ConnectionPage::total).orElse(0L);
        }
        return needingConsent;
    }

    public List<Apps.Provider> getProviders() {
        return apps.providers();
    }

    public List<String> getAuthMethods() {
        return List.of("client_secret_basic", "client_secret_post", "none");
    }

    public boolean isEditing() {
        if (app == null) {
            app = ui.param("app"); // a postback, before the view parameter reached this bean
        }
        return app != null && !app.isBlank();
    }

    public AppView getExisting() {
        if (!loaded && isEditing()) {
            loaded = true;
            existing = ui.read(() -> apps.get(ui.caller(), ui.tenant(), app)).orElse(null);
        }
        return existing;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.strip().split("[\\s,]+")).toList();
    }

    private static Map<String, String> pairs(String s) {
        Map<String, String> map = new LinkedHashMap<>();
        if (s != null) {
            for (String line : s.split("\\R")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    map.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
        }
        return map;
    }

    // form properties; the secret has a setter only

    public String getApp() {
        return app;
    }

    public void setApp(String app) {
        this.app = app;
    }

    public String getAppKey() {
        return appKey;
    }

    public void setAppKey(String appKey) {
        this.appKey = appKey;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return null;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public String getScopes() {
        return scopes;
    }

    public void setScopes(String scopes) {
        this.scopes = scopes;
    }

    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    public String getAuthorizationEndpoint() {
        return authorizationEndpoint;
    }

    public void setAuthorizationEndpoint(String authorizationEndpoint) {
        this.authorizationEndpoint = authorizationEndpoint;
    }

    public String getTokenEndpoint() {
        return tokenEndpoint;
    }

    public void setTokenEndpoint(String tokenEndpoint) {
        this.tokenEndpoint = tokenEndpoint;
    }

    public String getRevocationEndpoint() {
        return revocationEndpoint;
    }

    public void setRevocationEndpoint(String revocationEndpoint) {
        this.revocationEndpoint = revocationEndpoint;
    }

    public String getRedirectUri() {
        return redirectUri;
    }

    public void setRedirectUri(String redirectUri) {
        this.redirectUri = redirectUri;
    }

    public String getTokenEndpointAuthMethod() {
        return tokenEndpointAuthMethod;
    }

    public void setTokenEndpointAuthMethod(String tokenEndpointAuthMethod) {
        this.tokenEndpointAuthMethod = tokenEndpointAuthMethod;
    }

    public String getTemplateValues() {
        return templateValues;
    }

    public void setTemplateValues(String templateValues) {
        this.templateValues = templateValues;
    }
}
