package io.tokenvault.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Who a token or revocation request says it comes from: {@code client_secret_basic} (RFC 6749
 * §2.3.1, id and secret form-encoded inside the Basic credentials), {@code client_secret_post}, or
 * a bare {@code client_id} ({@code none}).
 *
 * @param clientId the presented client id, {@code null} when none could be read
 * @param secret   the presented secret, {@code null} for none
 * @param basic    whether HTTP Basic was used (a 401 then carries {@code WWW-Authenticate})
 * @param problem  why the request's client authentication is malformed, {@code null} when it is not
 */
record ClientIdentity(String clientId, String secret, boolean basic, String problem) {

    static ClientIdentity of(HttpCall call, Map<String, List<String>> form) {
        String authorization = call.header("Authorization");
        String formId = single(form, "client_id");
        String formSecret = single(form, "client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (formSecret != null) {
                return new ClientIdentity(null, null, true, "more than one client authentication method");
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new ClientIdentity(null, null, true, "malformed Basic credentials");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return new ClientIdentity(null, null, true, "malformed Basic credentials");
            }
            String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            if (formId != null && !formId.equals(id)) {
                return new ClientIdentity(null, null, true, "client_id differs from the Basic credentials");
            }
            return new ClientIdentity(id, secret, true, null);
        }
        return new ClientIdentity(formId, formSecret, false, formId == null ? "no client authentication" : null);
    }

    static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
        return "ClientIdentity[" + clientId + ", basic=" + basic + "]";
    }
}
