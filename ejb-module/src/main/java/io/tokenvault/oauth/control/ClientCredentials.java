package io.tokenvault.oauth.control;

import io.tokenvault.crypto.control.SecretValue;

import java.util.Locale;
import java.util.Objects;

/**
 * How to authenticate one OAuth client at a provider's token and revocation endpoints.
 *
 * <p>The secret is a {@link SecretValue}: closing these credentials clears it, and neither
 * {@link #toString()} nor any log or exception message shows it.
 *
 * @param clientId   the client identifier at the provider
 * @param secret     the client secret; {@code null} only for {@link AuthMethod#NONE}
 * @param authMethod how the credentials travel (RFC 6749 §2.3.1, OIDC {@code token_endpoint_auth_method})
 */
public record ClientCredentials(String clientId, SecretValue secret, AuthMethod authMethod) implements AutoCloseable {

    /** Token endpoint client authentication methods. */
    public enum AuthMethod {
        /** HTTP Basic with the form-encoded id and secret. */
        CLIENT_SECRET_BASIC("client_secret_basic"),
        /** {@code client_id} and {@code client_secret} in the form body. */
        CLIENT_SECRET_POST("client_secret_post"),
        /** A public client: {@code client_id} in the form body, no secret. */
        NONE("none");

        private final String wireName;

        AuthMethod(String wireName) {
            this.wireName = wireName;
        }

        /** The registered name, e.g. {@code client_secret_basic}. */
        public String wireName() {
            return wireName;
        }

        /** The method for a registered name (case-insensitive). */
        public static AuthMethod fromWireName(String name) {
            Objects.requireNonNull(name, "name");
            for (AuthMethod m : values()) {
                if (m.wireName.equals(name.toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unsupported token endpoint auth method: " + name);
        }
    }

    public ClientCredentials {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(authMethod, "authMethod");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        if (authMethod != AuthMethod.NONE && secret == null) {
            throw new IllegalArgumentException(authMethod.wireName() + " needs a client secret");
        }
        if (authMethod == AuthMethod.NONE && secret != null) {
            throw new IllegalArgumentException("a public client (none) sends no secret");
        }
    }

    /** {@code client_secret_basic} credentials. */
    public static ClientCredentials basic(String clientId, SecretValue secret) {
        return new ClientCredentials(clientId, secret, AuthMethod.CLIENT_SECRET_BASIC);
    }

    /** {@code client_secret_post} credentials. */
    public static ClientCredentials post(String clientId, SecretValue secret) {
        return new ClientCredentials(clientId, secret, AuthMethod.CLIENT_SECRET_POST);
    }

    /** A public client ({@code none}). */
    public static ClientCredentials publicClient(String clientId) {
        return new ClientCredentials(clientId, null, AuthMethod.NONE);
    }

    /** Clears the secret. */
    @Override
    public void close() {
        if (secret != null) {
            secret.close();
        }
    }

    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + ", authMethod=" + authMethod.wireName()
                + (secret == null ? "" : ", secret=****") + "]";
    }
}
