package io.tokenvault.security.boundary;

import io.tokenvault.apikeys.boundary.Authentication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/** Validates API keys: the caller's name is the key id, its one group is the key's role. */
@ApplicationScoped
public class ApiKeyIdentityStore implements IdentityStore {

    @Inject
    Authentication apiKeys;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof ApiKeyCredential apiKey)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return apiKeys.authenticate(apiKey.key())
                .map(caller -> new CredentialValidationResult(caller.id(), Set.of(caller.role().apiName())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
