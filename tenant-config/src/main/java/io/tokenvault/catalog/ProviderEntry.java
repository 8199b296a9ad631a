package io.tokenvault.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * One provider of the {@link ProviderCatalog}: its endpoints (as templates where the provider has tenants or
 * domains), how to obtain a refresh token from it, how its refresh tokens behave, and what its error answers mean.
 * Immutable and thread-safe.
 */
public final class ProviderEntry {

    /** The generic kind whose endpoints the tenant gives. */
    public static final String OAUTH2 = "oauth2";
    /** The generic kind whose endpoints are discovered from the issuer. */
    public static final String OIDC = "oidc";

    /** Parameters the authorization URL builder sets itself; {@code extraParams} can never change them. */
    public static final Set<String> RESERVED_AUTHORIZATION_PARAMS = Set.of("response_type", "client_id",
            "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method");

    static final Set<String> AUTH_METHODS = Set.of("client_secret_basic", "client_secret_post", "none");

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,31}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Map<String, String> SEPARATORS = Map.of("space", " ", "comma", ",");

    private final String id;
    private final String displayName;
    private final boolean discovery;
    private final boolean endpointsGiven;
    private final String authorizationTemplate;
    private final String tokenTemplate;
    private final String revocationTemplate;
    private final String userinfoTemplate;
    private final List<TemplateVariable> variables;
    private final Map<String, String> offlineAccessParams;
    private final List<String> offlineAccessScopes;
    private final List<String> advertisedOfflineAccessScopes;
    private final Map<String, String> fixedAuthorizationParams;
    private final boolean pkce;
    private final String scopeSeparator;
    private final String tokenEndpointAuthMethod;
    private final String incrementalParamName;
    private final String incrementalParamValue;
    private final boolean rotatesRefreshTokens;
    private final Duration refreshTokenLifetime;
    private final Duration inactivityLifetime;
    private final Duration absoluteLifetime;
    private final Duration testingAppRefreshTokenLifetime;
    private final Integer grantLimitPerUser;
    private final List<Rule> rules;
    private final List<Rule> catalogRules;

    /** A declared template variable: required when it has no default. */
    private record TemplateVariable(String name, String defaultValue, Pattern pattern, String description) {
    }

    /** One error rule: every criterion it has must match; the most specific matching rule wins. */
    record Rule(String error, String subtype, Pattern code, String descriptionContains,
            ErrorMapping mapping) {

        boolean matches(String error, String subtype, List<String> codes, String description) {
            if (this.error != null && !this.error.equalsIgnoreCase(error == null ? "" : error.strip())) {
                return false;
            }
            if (this.subtype != null && !this.subtype.equalsIgnoreCase(subtype == null ? "" : subtype.strip())) {
                return false;
            }
            if (code != null) {
                // a code counts whether the caller extracted it or it only appears in the description
                boolean listed = codes.stream().anyMatch(c -> c != null && code.matcher(c.strip()).matches());
                if (!listed && (description == null || !code.matcher(description).find())) {
                    return false;
                }
            }
            return descriptionContains == null || (description != null
                    && description.toLowerCase(Locale.ROOT).contains(descriptionContains.toLowerCase(Locale.ROOT)));
        }

        int specificity() {
            return (error == null ? 0 : 1) + (subtype == null ? 0 : 1) + (code == null ? 0 : 1)
                    + (descriptionContains == null ? 0 : 1);
        }
    }

    private ProviderEntry(CatalogDocument.Provider p, List<Rule> rules, List<Rule> catalogRules,
            List<String> problems) {
        String where = "provider '" + p.id + "'";
        this.id = p.id;
        this.displayName = p.name == null || p.name.isBlank() ? p.id : p.name.strip();
        this.discovery = Boolean.TRUE.equals(p.discovery);
        this.endpointsGiven = Boolean.TRUE.equals(p.endpointsGiven);
        CatalogDocument.EndpointTemplates e = p.endpoints == null ? new CatalogDocument.EndpointTemplates()
                : p.endpoints;
        this.authorizationTemplate = blankToNull(e.authorization);
        this.tokenTemplate = blankToNull(e.token);
        this.revocationTemplate = blankToNull(e.revocation);
        this.userinfoTemplate = blankToNull(e.userinfo);

        List<TemplateVariable> vars = new ArrayList<>();
        for (CatalogDocument.Variable v : p.variables) {
            Pattern pattern = null;
            if (v.pattern != null) {
                try {
                    pattern = Pattern.compile(v.pattern);
                } catch (PatternSyntaxException ex) {
                    problems.add(where + ": template variable '" + v.name + "' has an invalid pattern");
                }
            }
            if (v.name == null || !PLACEHOLDER.matcher("{" + v.name + "}").matches()) {
                problems.add(where + ": a template variable needs a name of letters, digits and '_'");
            } else if (vars.stream().anyMatch(x -> x.name().equals(v.name))) {
                problems.add(where + ": template variable '" + v.name + "' is declared twice");
            } else {
                vars.add(new TemplateVariable(v.name, blankToNull(v.defaultValue), pattern,
                        v.description == null ? v.name : v.description.strip()));
            }
        }
        this.variables = List.copyOf(vars);

        Map<String, String> offlineParams = new LinkedHashMap<>();
        List<String> offlineScopes = new ArrayList<>();
        List<String> advertised = new ArrayList<>();
        if (p.offlineAccess != null) {
            params(p.offlineAccess.params, offlineParams, where + " offline-access", problems);
            for (CatalogDocument.Scope s : p.offlineAccess.scopes) {
                if (s.value == null || s.value.isBlank()) {
                    problems.add(where + ": an offline-access scope is empty");
                } else if (Boolean.TRUE.equals(s.ifAdvertised)) {
                    advertised.add(s.value.strip());
                } else {
                    offlineScopes.add(s.value.strip());
                }
            }
        }
        this.offlineAccessParams = Collections.unmodifiableMap(offlineParams);
        this.offlineAccessScopes = List.copyOf(offlineScopes);
        this.advertisedOfflineAccessScopes = List.copyOf(advertised);
        Map<String, String> fixed = new LinkedHashMap<>();
        params(p.authorizationParams, fixed, where + " authorization-param", problems);
        fixed.keySet().stream().filter(offlineParams::containsKey).forEach(k -> problems.add(where + ": parameter '"
                + k + "' is both an offline-access and a fixed authorization parameter"));
        this.fixedAuthorizationParams = Collections.unmodifiableMap(fixed);

        this.pkce = Boolean.TRUE.equals(p.pkce);
        String separator = p.scopeSeparator == null ? "space" : p.scopeSeparator.strip();
        if (!SEPARATORS.containsKey(separator)) {
            problems.add(where + ": scope-separator must be 'space' or 'comma', not '" + separator + "'");
        }
        this.scopeSeparator = SEPARATORS.getOrDefault(separator, " ");
        this.tokenEndpointAuthMethod = p.tokenEndpointAuthMethod == null ? "client_secret_basic"
                : p.tokenEndpointAuthMethod.strip();
        if (!AUTH_METHODS.contains(tokenEndpointAuthMethod)) {
            problems.add(where + ": unknown token-endpoint-auth-method '" + tokenEndpointAuthMethod + "'");
        }
        if (p.incrementalAuthorization != null) {
            this.incrementalParamName = blankToNull(p.incrementalAuthorization.name);
            this.incrementalParamValue = blankToNull(p.incrementalAuthorization.value);
            if (incrementalParamName == null || incrementalParamValue == null) {
                problems.add(where + ": incremental-authorization needs a name and a value");
            }
        } else {
            this.incrementalParamName = null;
            this.incrementalParamValue = null;
        }

        CatalogDocument.RefreshTokens rt = p.refreshTokens == null ? new CatalogDocument.RefreshTokens()
                : p.refreshTokens;
        this.rotatesRefreshTokens = Boolean.TRUE.equals(rt.rotate);
        this.refreshTokenLifetime = duration(rt.lifetime, where + " lifetime", problems);
        this.inactivityLifetime = duration(rt.inactivityLifetime, where + " inactivity-lifetime", problems);
        this.absoluteLifetime = duration(rt.absoluteLifetime, where + " absolute-lifetime", problems);
        this.testingAppRefreshTokenLifetime = duration(rt.testingAppLifetime, where + " testing-app-lifetime",
                problems);
        if (rt.grantLimitPerUser != null && rt.grantLimitPerUser < 1) {
            problems.add(where + ": grant-limit-per-user must be positive");
        }
        this.grantLimitPerUser = rt.grantLimitPerUser;
        this.rules = List.copyOf(rules);
        this.catalogRules = List.copyOf(catalogRules);
        checkShape(where, problems);
    }

    /** Builds an entry, adding whatever is wrong with the definition to {@code problems}. */
    static ProviderEntry of(CatalogDocument.Provider p, List<Rule> catalogRules, List<String> problems) {
        String where = "provider '" + p.id + "'";
        if (p.id == null || !ID.matcher(p.id).matches()) {
            problems.add("provider id '" + p.id + "' must be 2-32 characters of a-z, 0-9 and '-'");
        }
        return new ProviderEntry(p, rules(p.errors, where, problems), catalogRules, problems);
    }

    /** Turns catalog-wide rules into their checked form. */
    static List<Rule> rules(List<CatalogDocument.ErrorRule> given, String where, List<String> problems) {
        List<Rule> result = new ArrayList<>();
        for (CatalogDocument.ErrorRule r : given) {
            String error = blankToNull(r.error);
            String subtype = blankToNull(r.subtype);
            String code = blankToNull(r.code);
            String contains = blankToNull(r.descriptionContains);
            if (error == null && subtype == null && code == null && contains == null) {
                problems.add(where + ": an error rule needs at least one of error, subtype, code,"
                        + " description-contains");
                continue;
            }
            if (blankToNull(r.reason) == null || blankToNull(r.explanation) == null || blankToNull(r.remedy) == null) {
                problems.add(where + ": the error rule for " + Objects.requireNonNullElse(code,
                        Objects.requireNonNullElse(error, subtype)) + " needs a reason, an explanation and a remedy");
                continue;
            }
            Pattern codePattern = code == null ? null
                    : Pattern.compile("\\b" + Pattern.quote(code) + "\\b", Pattern.CASE_INSENSITIVE);
            result.add(new Rule(error, subtype, codePattern, contains,
                    new ErrorMapping(r.reason.strip(), squeeze(r.explanation), squeeze(r.remedy))));
        }
        return result;
    }

    private void checkShape(String where, List<String> problems) {
        if (discovery && endpointsGiven) {
            problems.add(where + ": cannot both discover its endpoints and have them given");
        }
        boolean generic = discovery || endpointsGiven;
        if (generic && (authorizationTemplate != null || tokenTemplate != null)) {
            problems.add(where + ": a generic kind has no endpoint templates");
        }
        if (!generic && (authorizationTemplate == null || tokenTemplate == null)) {
            problems.add(where + ": needs authorization and token endpoint templates");
        }
        Set<String> declared = variables.stream().map(TemplateVariable::name).collect(Collectors.toSet());
        Set<String> used = new LinkedHashSet<>();
        for (String template : templates()) {
            Matcher m = PLACEHOLDER.matcher(template);
            while (m.find()) {
                used.add(m.group(1));
            }
            String sample = PLACEHOLDER.matcher(template).replaceAll("sample");
            try {
                URI uri = new URI(sample);
                if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    problems.add(where + ": endpoint " + template + " is not an absolute https URL");
                }
            } catch (URISyntaxException ex) {
                problems.add(where + ": endpoint " + template + " is not a valid URL");
            }
        }
        used.stream().filter(v -> !declared.contains(v)).forEach(v -> problems.add(where + ": endpoint placeholder {"
                + v + "} is not declared as a template-variable"));
        declared.stream().filter(v -> !used.contains(v)).forEach(v -> problems.add(where + ": template variable '"
                + v + "' is not used by any endpoint"));
    }

    private List<String> templates() {
        List<String> all = new ArrayList<>();
        for (String t : new String[] {authorizationTemplate, tokenTemplate, revocationTemplate, userinfoTemplate}) {
            if (t != null) {
                all.add(t);
            }
        }
        return all;
    }

    /** The catalog id, e.g. {@code google}, {@code microsoft}, {@code oauth2}. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** True for {@code oidc}: endpoints come from the issuer's discovery document. */
    public boolean discovery() {
        return discovery;
    }

    /** True for {@code oauth2}: the tenant gives the endpoints. */
    public boolean endpointsGiven() {
        return endpointsGiven;
    }

    /**
     * The endpoints with every template variable resolved: from {@code templateValues}, else the variable's
     * default. Values are percent-encoded; unknown keys in {@code templateValues} are ignored.
     *
     * @throws IllegalArgumentException naming the variable, when a required value is missing, or a value contains
     *                                  '/', '?', '#', '@' or whitespace, or does not have the variable's form
     */
    public Endpoints endpoints(Map<String, String> templateValues) {
        Map<String, String> values = templateValues == null ? Map.of() : templateValues;
        Map<String, String> encoded = new LinkedHashMap<>();
        for (TemplateVariable v : variables) {
            String given = values.get(v.name());
            String value = given == null || given.isBlank() ? v.defaultValue() : given;
            if (value == null) {
                throw new IllegalArgumentException(displayName + " needs the template value '" + v.name() + "' ("
                        + v.description() + ")");
            }
            Optional<String> problem = checkTemplateValue(v.name(), value);
            if (problem.isPresent()) {
                throw new IllegalArgumentException(problem.get());
            }
            encoded.put(v.name(), percentEncode(value));
        }
        return new Endpoints(resolve(authorizationTemplate, encoded), resolve(tokenTemplate, encoded),
                resolve(revocationTemplate, encoded), resolve(userinfoTemplate, encoded));
    }

    /**
     * What is wrong with {@code value} for the template variable {@code name}, if anything (an unknown variable, a
     * forbidden character, or a value not of the variable's form).
     */
    public Optional<String> checkTemplateValue(String name, String value) {
        Optional<TemplateVariable> variable = variables.stream().filter(v -> v.name().equals(name)).findFirst();
        if (variable.isEmpty()) {
            return Optional.of(displayName + " has no template variable '" + name + "'"
                    + (variables.isEmpty() ? "" : " (it has " + String.join(", ", templateVariables()) + ")"));
        }
        if (value == null || value.isBlank()) {
            return Optional.of("template value '" + name + "' must not be empty");
        }
        String v = value;
        if (v.chars().anyMatch(c -> c == '/' || c == '?' || c == '#' || c == '@' || Character.isWhitespace(c)
                || Character.isISOControl(c))) {
            return Optional.of("template value '" + name + "' must not contain '/', '?', '#', '@' or whitespace");
        }
        Pattern pattern = variable.get().pattern();
        if (pattern != null && !pattern.matcher(v).matches()) {
            return Optional.of("template value '" + name + "' is not " + variable.get().description());
        }
        return Optional.empty();
    }

    private Optional<URI> resolve(String template, Map<String, String> encoded) {
        if (template == null) {
            return Optional.empty();
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder url = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(url, Matcher.quoteReplacement(encoded.get(m.group(1))));
        }
        m.appendTail(url);
        URI uri = URI.create(url.toString());
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the template values of " + displayName + " do not form a valid URL: "
                    + uri);
        }
        return Optional.of(uri);
    }

    /** The names of the endpoint template variables, in declaration order (e.g. {@code tenant} for Microsoft). */
    public List<String> templateVariables() {
        return variables.stream().map(TemplateVariable::name).toList();
    }

    /** The template variables without a default, which a tenant must give (e.g. {@code subdomain} for Zendesk). */
    public List<String> requiredTemplateVariables() {
        return variables.stream().filter(v -> v.defaultValue() == null).map(TemplateVariable::name).toList();
    }

    /** The value a template variable takes when the tenant gives none. */
    public Optional<String> templateDefault(String name) {
        return variables.stream().filter(v -> v.name().equals(name)).findFirst()
                .map(TemplateVariable::defaultValue);
    }

    /** Authorization parameters without which the provider issues no refresh token (e.g. Google's). */
    public Map<String, String> offlineAccessParams() {
        return offlineAccessParams;
    }

    /** Scopes without which the provider issues no refresh token (e.g. {@code offline_access}). */
    public List<String> offlineAccessScopes() {
        return offlineAccessScopes;
    }

    /**
     * Offline-access scopes to request only when the issuer's discovery document lists them ({@code oidc}:
     * {@code offline_access}). The caller that did the discovery adds them to the requested scopes.
     */
    public List<String> offlineAccessScopesIfAdvertised() {
        return advertisedOfflineAccessScopes;
    }

    /** Authorization parameters the provider always needs (e.g. Atlassian's {@code audience}); cannot be changed. */
    public Map<String, String> fixedAuthorizationParams() {
        return fixedAuthorizationParams;
    }

    /** Whether the provider accepts PKCE with S256 for a confidential web client. */
    public boolean pkce() {
        return pkce;
    }

    /**
     * Whether a refresh may (depending on the app's settings at the provider) return a new refresh token and
     * invalidate the one spent: the new one must be stored in the same write.
     */
    public boolean rotatesRefreshTokens() {
        return rotatesRefreshTokens;
    }

    /** How long one issued refresh token stays usable from its issue (Box: 60 days, single use). */
    public Optional<Duration> refreshTokenLifetime() {
        return Optional.ofNullable(refreshTokenLifetime);
    }

    /** Google: refresh tokens of apps in "Testing" publishing status expire this long after consent (7 days). */
    public Optional<Duration> testingAppRefreshTokenLifetime() {
        return Optional.ofNullable(testingAppRefreshTokenLifetime);
    }

    /** A grant not used for this long expires (Microsoft: 90 days); every refresh restarts the clock. */
    public Optional<Duration> inactivityLifetime() {
        return Optional.ofNullable(inactivityLifetime);
    }

    /** A grant expires this long after consent however often it is used (Atlassian: 365 days). */
    public Optional<Duration> absoluteLifetime() {
        return Optional.ofNullable(absoluteLifetime);
    }

    /**
     * How many live grants one user may hold for one app before the provider silently revokes the oldest (Google:
     * 100 refresh tokens per account per client; Salesforce: 5 approvals per user per app).
     */
    public OptionalInt grantLimitPerUser() {
        return grantLimitPerUser == null ? OptionalInt.empty() : OptionalInt.of(grantLimitPerUser);
    }

    /** What joins scopes in the {@code scope} parameter: {@code " "} (RFC 6749) or {@code ","} (Slack). */
    public String scopeSeparator() {
        return scopeSeparator;
    }

    /** The default token endpoint client authentication: {@code client_secret_basic} or {@code client_secret_post}. */
    public String tokenEndpointAuthMethod() {
        return tokenEndpointAuthMethod;
    }

    /** Whether the provider can be asked to add previously granted scopes to a new grant. */
    public boolean incrementalAuthorization() {
        return incrementalParamName != null;
    }

    /**
     * What a refusal from this provider means, or empty when nothing in the catalog matches. The provider's own
     * rules are tried first, then the catalog-wide ones; among matching rules the one with the most criteria wins,
     * then the one written first.
     *
     * @param error       the OAuth {@code error} (or the provider's equivalent, e.g. Slack's {@code error} or
     *                    HubSpot's {@code status})
     * @param subtype     Google's {@code error_subtype} or Microsoft's {@code suberror}, or {@code null}
     * @param codes       provider codes such as {@code AADSTS50076}, or {@code null}; codes in the description count
     *                    too
     * @param description the {@code error_description}, or {@code null}
     */
    public Optional<ErrorMapping> diagnose(String error, String subtype, List<String> codes, String description) {
        List<String> codeList = codes == null ? List.of() : codes;
        return best(rules, error, subtype, codeList, description)
                .or(() -> best(catalogRules, error, subtype, codeList, description));
    }

    private static Optional<ErrorMapping> best(List<Rule> candidates, String error, String subtype,
            List<String> codes, String description) {
        Rule best = null;
        for (Rule rule : candidates) {
            if (rule.matches(error, subtype, codes, description)
                    && (best == null || rule.specificity() > best.specificity())) {
                best = rule;
            }
        }
        return Optional.ofNullable(best).map(Rule::mapping);
    }

    /**
     * The URL that sends the user's browser to consent. Parameters, in this order: {@code response_type=code},
     * {@code client_id}, {@code redirect_uri}, {@code scope} (the requested scopes plus the offline-access scopes,
     * joined with {@link #scopeSeparator()}; left out when there are none), {@code state}, {@code code_challenge}
     * and {@code code_challenge_method=S256} when a challenge is given, the offline-access parameters, the fixed
     * parameters, the incremental-authorization parameter when asked for and supported, then the extra parameters
     * in name order. An extra parameter that would replace any earlier one is ignored, so offline access cannot be
     * switched off (e.g. by {@code access_type=online}). Values are form-encoded (a space as {@code %20}).
     *
     * @param authorizationEndpoint the resolved endpoint (may already carry a query; must not carry a fragment)
     * @throws IllegalArgumentException when the endpoint is not absolute or has a fragment, or the client ID,
     *                                  redirect URI or state is missing
     */
    public URI authorizationUri(URI authorizationEndpoint, AuthorizationRequest request) {
        Objects.requireNonNull(request, "request");
        if (authorizationEndpoint == null || !authorizationEndpoint.isAbsolute()
                || authorizationEndpoint.getRawFragment() != null) {
            throw new IllegalArgumentException("the authorization endpoint must be an absolute URL without a fragment");
        }
        if (request.clientId() == null || request.clientId().isBlank()) {
            throw new IllegalArgumentException("the authorization request needs a client ID");
        }
        if (request.redirectUri() == null || !request.redirectUri().isAbsolute()) {
            throw new IllegalArgumentException("the authorization request needs an absolute redirect URI");
        }
        if (request.state() == null || request.state().isBlank()) {
            throw new IllegalArgumentException("the authorization request needs a state");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", request.clientId());
        params.put("redirect_uri", request.redirectUri().toString());
        Set<String> scopes = new LinkedHashSet<>();
        request.scopes().stream().filter(s -> s != null && !s.isBlank()).map(String::strip).forEach(scopes::add);
        scopes.addAll(offlineAccessScopes);
        if (!scopes.isEmpty()) {
            params.put("scope", String.join(scopeSeparator, scopes));
        }
        params.put("state", request.state());
        if (request.codeChallenge() != null && !request.codeChallenge().isBlank()) {
            params.put("code_challenge", request.codeChallenge());
            params.put("code_challenge_method", "S256");
        }
        params.putAll(offlineAccessParams);
        params.putAll(fixedAuthorizationParams);
        if (request.incremental() && incrementalAuthorization()) {
            params.put(incrementalParamName, incrementalParamValue);
        }
        Map<String, String> extra = new TreeMap<>();
        request.extraParams().forEach((name, value) -> {
            if (name != null && !name.isBlank() && value != null) {
                extra.put(name, value);
            }
        });
        extra.forEach((name, value) -> {
            if (!RESERVED_AUTHORIZATION_PARAMS.contains(name) && !params.containsKey(name)) {
                params.put(name, value);
            }
        });
        String query = params.entrySet().stream().map(p -> formEncode(p.getKey()) + "=" + formEncode(p.getValue()))
                .collect(Collectors.joining("&"));
        String base = authorizationEndpoint.toString();
        String joiner = authorizationEndpoint.getRawQuery() == null ? "?"
                : base.endsWith("?") || base.endsWith("&") ? "" : "&";
        return URI.create(base + joiner + query);
    }

    @Override
    public String toString() {
        return "ProviderEntry[" + id + "]";
    }

    private static void params(List<CatalogDocument.Param> given, Map<String, String> into, String where,
            List<String> problems) {
        for (CatalogDocument.Param p : given) {
            if (p.name == null || !PARAM_NAME.matcher(p.name).matches() || p.value == null || p.value.isBlank()) {
                problems.add(where + ": a parameter needs a name and a value");
            } else if (RESERVED_AUTHORIZATION_PARAMS.contains(p.name)) {
                problems.add(where + ": parameter '" + p.name + "' is set by the URL builder itself");
            } else if (into.put(p.name, p.value.strip()) != null) {
                problems.add(where + ": parameter '" + p.name + "' is given twice");
            }
        }
    }

    private static Duration duration(String text, String where, List<String> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Duration d = Duration.parse(text.strip());
            if (d.isNegative() || d.isZero()) {
                problems.add(where + " must be positive");
            }
            return d;
        } catch (DateTimeParseException e) {
            problems.add(where + " '" + text + "' is not an ISO-8601 duration such as P90D");
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Explanations are indented text in the XML; collapse the layout whitespace. */
    private static String squeeze(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters: safe in a host label and a path. */
    private static String percentEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String formEncode(String value) {
        // URLEncoder writes a space as '+' and a literal '+' as %2B, so this swap is exact
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
