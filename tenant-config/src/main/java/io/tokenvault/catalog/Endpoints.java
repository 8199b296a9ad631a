package io.tokenvault.catalog;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's endpoints with every template variable resolved. Empty where the provider has no such endpoint, and
 * all empty for the generic kinds ({@code oauth2}: the tenant gives them; {@code oidc}: discovery finds them).
 *
 * @param authorization where the user's browser is sent to consent
 * @param token         the token endpoint (code exchange and refresh)
 * @param revocation    an RFC 7009-style revocation endpoint ({@code POST token=…}), where the provider has one
 * @param userinfo      where the connected account's identity can be read
 */
public record Endpoints(Optional<URI> authorization, Optional<URI> token, Optional<URI> revocation,
        Optional<URI> userinfo) {

    public Endpoints {
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(revocation, "revocation");
        Objects.requireNonNull(userinfo, "userinfo");
    }

    /** No endpoint at all: what the generic kinds answer. */
    public static Endpoints none() {
        return new Endpoints(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
