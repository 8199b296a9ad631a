package io.tokenvault.bench.secured;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;

/**
 * The shape of the product's API key mechanism without its work: any {@code Authorization: Bearer <value>} is handed
 * to the identity store, which accepts it as caller {@code bench} in group {@code worker}. No hashing, no key cache.
 */
@ApplicationScoped
public class BearerMechanism implements HttpAuthenticationMechanism {

    /** A Bearer value presented for validation. */
    public record BearerCredential(String value) implements Credential {
    }

    /** Accepts every Bearer credential. */
    @ApplicationScoped
    public static class AcceptingIdentityStore implements IdentityStore {

        @Override
        public CredentialValidationResult validate(Credential credential) {
            return credential instanceof BearerCredential
                    ? new CredentialValidationResult("bench", Set.of("worker"))
                    : CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
    }

    private static final String BEARER = "Bearer ";

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return context.isProtected() ? context.responseUnauthorized() : context.doNothing();
        }
        CredentialValidationResult result =
                identityStores.validate(new BearerCredential(authorization.substring(BEARER.length()).strip()));
        return result.getStatus() == CredentialValidationResult.Status.VALID
                ? context.notifyContainerAboutLogin(result)
                : context.responseUnauthorized();
    }
}
