package io.tokenvault.security.boundary;

import jakarta.security.enterprise.credential.Credential;

/** An API key presented as {@code Authorization: Bearer <key>}. */
public record ApiKeyCredential(String key) implements Credential {

    @Override
    public String toString() {
        return "ApiKeyCredential[****]";
    }
}
