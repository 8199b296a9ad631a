package io.tokenvault.tenantconfig;

import io.tokenvault.catalog.ProviderCatalog;
import io.tokenvault.catalog.ProviderEntry;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a tenant configuration against the rules and the provider catalog, reporting every problem at once, each
 * with its path ({@code apps[2].tokenEndpoint}). The limits match what the vault stores (URLs up to 1000 characters,
 * client IDs up to 512, as the app registration API accepts).
 */
public final class TenantConfigurationValidator {

    public static final int MAX_APPS = 200;
    public static final int MAX_RETURN_URLS = 50;
    public static final int MAX_SCOPES = 100;
    public static final int MAX_SCOPE_LENGTH = 500;
    public static final int MAX_URL_LENGTH = 1000;
    public static final int MAX_CLIENT_ID_LENGTH = 512;
    public static final int MAX_PARAMS = 50;
    public static final int MAX_PARAM_VALUE_LENGTH = 1000;
    public static final int MAX_CLIENT_SECRET_LENGTH = 1000;

    /** The app key format; the same as tenant ids and the app registration API. */
    public static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");

    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");
    private static final List<String> AUTH_METHODS = List.of("client_secret_basic", "client_secret_post", "none");

    /** Every problem in {@code config}; empty when it may be imported. */
    public List<Problem> validate(TenantConfiguration config, ProviderCatalog catalog) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(catalog, "catalog");
        List<Problem> problems = new ArrayList<>();
        if (config.tenant() != null) {
            // informational, but it is written back on export
            if (config.tenant().id() != null && hasControl(config.tenant().id())) {
                problems.add(new Problem("tenant.id", "must not contain control characters"));
            }
            if (config.tenant().name() != null && hasControl(config.tenant().name())) {
                problems.add(new Problem("tenant.name", "must not contain control characters"));
            }
        }
        if (config.apps().size() > MAX_APPS) {
            problems.add(new Problem("apps", "at most " + MAX_APPS + " apps (found " + config.apps().size() + ")"));
        }
        Map<String, Integer> firstIndexOfKey = new HashMap<>();
        for (int i = 0; i < config.apps().size(); i++) {
            String path = "apps[" + i + "]";
            AppConfiguration app = config.apps().get(i);
            if (app == null) {
                problems.add(new Problem(path, "is empty"));
                continue;
            }
            if (app.key() != null) {
                Integer first = firstIndexOfKey.putIfAbsent(app.key(), i);
                if (first != null) {
                    problems.add(new Problem(path + ".key", "duplicate key '" + app.key() + "' (also apps[" + first
                            + "])"));
                }
            }
            validateApp(app, path, catalog, problems);
        }
        List<String> urls = config.allowedReturnUrls();
        if (urls.size() > MAX_RETURN_URLS) {
            problems.add(new Problem("allowedReturnUrls", "at most " + MAX_RETURN_URLS + " URLs (found "
                    + urls.size() + ")"));
        }
        for (int i = 0; i < urls.size(); i++) {
            url("allowedReturnUrls[" + i + "]", urls.get(i), true, problems);
        }
        return List.copyOf(problems);
    }

    private static void validateApp(AppConfiguration app, String path, ProviderCatalog catalog,
            List<Problem> problems) {
        if (app.key() == null || app.key().isBlank()) {
            problems.add(new Problem(path + ".key", "is required"));
        } else if (!KEY.matcher(app.key()).matches()) {
            problems.add(new Problem(path + ".key", "must be 2-64 characters of a-z, 0-9 and '-', starting with a"
                    + " letter or digit"));
        }
        Optional<ProviderEntry> entry = Optional.empty();
        if (app.provider() == null || app.provider().isBlank()) {
            problems.add(new Problem(path + ".provider", "is required: a catalog provider, oauth2 or oidc"));
        } else {
            entry = catalog.find(app.provider());
            if (entry.isEmpty()) {
                problems.add(new Problem(path + ".provider", "unknown provider '" + app.provider() + "' (known: "
                        + String.join(", ", catalog.ids()) + ")"));
            }
        }
        if (app.clientId() == null || app.clientId().isBlank()) {
            problems.add(new Problem(path + ".clientId", "is required"));
        } else if (app.clientId().length() > MAX_CLIENT_ID_LENGTH || hasControl(app.clientId())) {
            problems.add(new Problem(path + ".clientId", "must be at most " + MAX_CLIENT_ID_LENGTH
                    + " printable characters"));
        }
        if (app.clientSecret() != null && (app.clientSecret().isBlank()
                || app.clientSecret().length() > MAX_CLIENT_SECRET_LENGTH || hasControl(app.clientSecret()))) {
            problems.add(new Problem(path + ".clientSecret", "must be 1-" + MAX_CLIENT_SECRET_LENGTH
                    + " printable characters and not blank"));
        }
        boolean oauth2 = entry.map(ProviderEntry::endpointsGiven).orElse(false);
        boolean oidc = entry.map(ProviderEntry::discovery).orElse(false);
        url(path + ".issuer", app.issuer(), oidc, problems);
        url(path + ".authorizationEndpoint", app.authorizationEndpoint(), false, problems);
        url(path + ".tokenEndpoint", app.tokenEndpoint(), oauth2, problems);
        url(path + ".revocationEndpoint", app.revocationEndpoint(), false, problems);
        url(path + ".redirectUri", app.redirectUri(), false, problems);
        if (app.tokenEndpointAuthMethod() != null && !AUTH_METHODS.contains(app.tokenEndpointAuthMethod())) {
            problems.add(new Problem(path + ".tokenEndpointAuthMethod", "must be one of "
                    + String.join(", ", AUTH_METHODS)));
        }
        scopes(app, path, entry, problems);
        authorizationParams(app, path, entry, problems);
        templateValues(app, path, entry, problems);
    }

    private static void scopes(AppConfiguration app, String path, Optional<ProviderEntry> entry,
            List<Problem> problems) {
        if (app.scopes().size() > MAX_SCOPES) {
            problems.add(new Problem(path + ".scopes", "at most " + MAX_SCOPES + " scopes"));
        }
        boolean commaSeparated = entry.map(e -> ",".equals(e.scopeSeparator())).orElse(false);
        for (int s = 0; s < app.scopes().size(); s++) {
            String scope = app.scopes().get(s);
            // RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
            if (scope == null || scope.isEmpty() || scope.length() > MAX_SCOPE_LENGTH
                    || scope.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\' || c > 0x7E)) {
                problems.add(new Problem(path + ".scopes[" + s + "]", "must be a non-empty scope token (printable"
                        + " ASCII without spaces, quotes or backslashes, at most " + MAX_SCOPE_LENGTH
                        + " characters)"));
            } else if (commaSeparated && scope.contains(",")) {
                problems.add(new Problem(path + ".scopes[" + s + "]", "must not contain ',' (this provider"
                        + " separates scopes with commas)"));
            }
        }
    }

    private static void authorizationParams(AppConfiguration app, String path, Optional<ProviderEntry> entry,
            List<Problem> problems) {
        Map<String, String> params = app.authorizationParams();
        if (params.size() > MAX_PARAMS) {
            problems.add(new Problem(path + ".authorizationParams", "at most " + MAX_PARAMS + " parameters"));
        }
        params.forEach((name, value) -> {
            String at = path + ".authorizationParams." + name;
            if (name == null || !PARAM_NAME.matcher(name).matches()) {
                problems.add(new Problem(path + ".authorizationParams", "parameter name '" + name + "' must be"
                        + " letters, digits, '_', '.' or '-', starting with a letter or '_'"));
            } else if (ProviderEntry.RESERVED_AUTHORIZATION_PARAMS.contains(name)) {
                problems.add(new Problem(at, "is set by Tokenvault itself and cannot be configured"));
            } else if (value == null || value.length() > MAX_PARAM_VALUE_LENGTH || hasControl(value)) {
                problems.add(new Problem(at, "must be a value of at most " + MAX_PARAM_VALUE_LENGTH
                        + " printable characters"));
            } else if (entry.isPresent()) {
                ProviderEntry e = entry.get();
                String offline = e.offlineAccessParams().get(name);
                String fixed = e.fixedAuthorizationParams().get(name);
                if (offline != null && !offline.equals(value)) {
                    problems.add(new Problem(at, "cannot be '" + value + "': " + e.displayName() + " needs " + name
                            + "=" + offline + " to issue refresh tokens"));
                } else if (fixed != null && !fixed.equals(value)) {
                    problems.add(new Problem(at, "cannot be '" + value + "': " + e.displayName() + " always needs "
                            + name + "=" + fixed));
                }
            }
        });
    }

    private static void templateValues(AppConfiguration app, String path, Optional<ProviderEntry> entry,
            List<Problem> problems) {
        if (entry.isEmpty()) {
            return;
        }
        ProviderEntry e = entry.get();
        Map<String, String> values = app.templateValues();
        for (String required : e.requiredTemplateVariables()) {
            String value = values.get(required);
            if (value == null || value.isBlank()) {
                problems.add(new Problem(path + ".templateValues." + required, "is required for "
                        + e.displayName()));
            }
        }
        values.forEach((name, value) -> {
            if (value == null || value.isBlank()) {
                if (e.templateVariables().contains(name) && !e.requiredTemplateVariables().contains(name)) {
                    problems.add(new Problem(path + ".templateValues." + name, "must not be empty"));
                } else if (!e.templateVariables().contains(name)) {
                    problems.add(new Problem(path + ".templateValues." + name, unknownVariable(e, name)));
                }
                return;
            }
            e.checkTemplateValue(name, value).ifPresent(message -> problems.add(new Problem(path
                    + ".templateValues." + name, e.templateVariables().contains(name) ? message
                            : unknownVariable(e, name))));
        });
    }

    private static String unknownVariable(ProviderEntry e, String name) {
        return e.templateVariables().isEmpty() ? e.displayName() + " has no template variables"
                : "unknown template variable for " + e.displayName() + " (known: "
                        + String.join(", ", e.templateVariables()) + ")";
    }

    /** An absolute https URL without user info or fragment (plain http only for loopback hosts). */
    private static void url(String path, String value, boolean required, List<Problem> problems) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(new Problem(path, "is required"));
            }
            return;
        }
        if (value.length() > MAX_URL_LENGTH) {
            problems.add(new Problem(path, "must be at most " + MAX_URL_LENGTH + " characters"));
            return;
        }
        try {
            URI uri = new URI(value.strip());
            String host = uri.getHost();
            boolean loopback = host != null && (host.equals("localhost") || host.equals("127.0.0.1")
                    || host.equals("[::1]") || host.equals("::1"));
            if (!uri.isAbsolute() || host == null) {
                problems.add(new Problem(path, "must be an absolute URL"));
            } else if (!"https".equalsIgnoreCase(uri.getScheme())
                    && !("http".equalsIgnoreCase(uri.getScheme()) && loopback)) {
                problems.add(new Problem(path, "must use https (plain http only for localhost and 127.0.0.1)"));
            } else if (uri.getRawFragment() != null) {
                problems.add(new Problem(path, "must not have a fragment ('#…')"));
            } else if (uri.getRawUserInfo() != null) {
                problems.add(new Problem(path, "must not contain user info ('user@')"));
            }
        } catch (URISyntaxException e) {
            problems.add(new Problem(path, "is not a valid URL"));
        }
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }
}
