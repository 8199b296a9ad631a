package io.tokenvault.tokens.boundary;

import io.tokenvault.platform.boundary.TokenvaultException;
import java.util.Map;

/**
 * The provider refused the refresh for a reason that is not the user's grant: the app's client credentials or its
 * configuration. The connection stays ACTIVE; the tenant admin must fix the app. (502)
 */
public class ProviderRefusedException extends TokenvaultException {

    private final String error;

    public ProviderRefusedException(String error, String message) {
        super(message);
        this.error = error;
    }

    @Override
    public int status() {
        return 502;
    }

    @Override
    public String problemType() {
        return "provider-refused";
    }

    @Override
    public String title() {
        return "Provider refused the app";
    }

    @Override
    public Map<String, Object> extensions() {
        return Map.of("error", "provider_refused", "providerError", error);
    }
}
