package io.tokenvault.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One OAuth error response as a provider sends it: HTTP status, {@code error},
 * {@code error_description} and the provider-specific extras (Google {@code error_subtype},
 * Microsoft {@code error_codes}, {@code suberror}, {@code claims}).
 *
 * @param httpStatus  HTTP status of the answer (400, or 401 for {@code invalid_client})
 * @param error       the RFC 6749 error code
 * @param description {@code error_description}; for Microsoft errors without the {@code AADSTSnnnnn:} prefix
 *                    and trace lines, which are added when the answer is written
 * @param subtype     Google's {@code error_subtype}
 * @param errorCodes  Microsoft's {@code error_codes}; non-empty makes the answer Entra-shaped
 * @param suberror    Microsoft's {@code suberror}
 * @param claims      Microsoft's {@code claims} challenge (a JSON string)
 */
public record ProviderError(int httpStatus, String error, String description, Optional<String> subtype,
                            List<Integer> errorCodes, Optional<String> suberror, Optional<String> claims) {

    private static final DateTimeFormatter ENTRA_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    public ProviderError {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(subtype, "subtype");
        errorCodes = List.copyOf(errorCodes);
        Objects.requireNonNull(suberror, "suberror");
        Objects.requireNonNull(claims, "claims");
    }

    /** A plain RFC 6749 error. */
    public static ProviderError of(int httpStatus, String error, String description) {
        return new ProviderError(httpStatus, error, description, Optional.empty(), List.of(), Optional.empty(),
                Optional.empty());
    }

    /** Google's answer for a revoked or expired grant, without subtype. */
    public static ProviderError googleRevoked() {
        return of(400, "invalid_grant", "Token has been expired or revoked.");
    }

    /**
     * Google's {@code invalid_grant} with {@code error_subtype} set to {@code subtype}
     * ({@code invalid_rapt} is the one Google really sends; tests may force others such as
     * {@code mfa_required} or {@code password_changed}).
     */
    public static ProviderError google(String subtype) {
        String description = "invalid_rapt".equals(subtype)
                ? "reauth related error (invalid_rapt)"
                : "Token has been expired or revoked.";
        return new ProviderError(400, "invalid_grant", description, Optional.of(subtype), List.of(),
                Optional.empty(), Optional.empty());
    }

    /**
     * Entra ID's answer for {@code AADSTS<code>} (e.g. 50076 MFA required, 50173 grant revoked or
     * password changed, 65001 consent required, 700082 expired for inactivity, 7000215 wrong
     * secret); codes the simulator does not know become an {@code invalid_grant} with a neutral text.
     */
    public static ProviderError microsoft(int code) {
        return microsoft(code, "the-client");
    }

    static ProviderError microsoft(int code, String clientId) {
        ErrorStyle.MicrosoftCode entry = ErrorStyle.microsoftCode(code)
                .orElse(new ErrorStyle.MicrosoftCode(400, "invalid_grant", "Simulated Entra ID error.", null, null));
        return new ProviderError(entry.httpStatus(), entry.error(), entry.message().replace("{client}", clientId),
                Optional.empty(), List.of(code), Optional.ofNullable(entry.suberror()), Optional.ofNullable(entry.claims()));
    }

    /** This error with another description. */
    public ProviderError withDescription(String newDescription) {
        return new ProviderError(httpStatus, error, newDescription, subtype, errorCodes, suberror, claims);
    }

    /** This error with {@code error_subtype} set. */
    public ProviderError withSubtype(String newSubtype) {
        return new ProviderError(httpStatus, error, description, Optional.of(newSubtype), errorCodes, suberror, claims);
    }

    /** The JSON members of the answer, as written at provider time {@code providerNow}. */
    Map<String, Object> toJson(Instant providerNow) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("error", error);
        if (errorCodes.isEmpty()) {
            json.put("error_description", description);
        } else {
            String traceId = UUID.randomUUID().toString();
            String correlationId = UUID.randomUUID().toString();
            String timestamp = ENTRA_TIMESTAMP.format(providerNow);
            json.put("error_description", "AADSTS" + errorCodes.get(0) + ": " + description
                    + "\r\nTrace ID: " + traceId + "\r\nCorrelation ID: " + correlationId + "\r\nTimestamp: " + timestamp);
            json.put("error_codes", errorCodes);
            json.put("timestamp", timestamp);
            json.put("trace_id", traceId);
            json.put("correlation_id", correlationId);
            json.put("error_uri", "https://login.microsoftonline.com/error?code=" + errorCodes.get(0));
            suberror.ifPresent(s -> json.put("suberror", s));
            claims.ifPresent(c -> json.put("claims", c));
        }
        subtype.ifPresent(s -> json.put("error_subtype", s));
        return json;
    }
}
