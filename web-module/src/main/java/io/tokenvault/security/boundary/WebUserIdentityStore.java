package io.tokenvault.security.boundary;

import io.tokenvault.users.boundary.WebUsers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/**
 * Checks a web user's name and password with {@link WebUsers} (PBKDF2 hashes, throttled failures). The caller's one
 * group is its role. A refused attempt leaves its outcome in {@link LoginAttempt}, so that the login page can say
 * whether to retry now or later.
 */
@ApplicationScoped
public class WebUserIdentityStore implements IdentityStore {

    static final String CALLER_PREFIX = WebUsers.CALLER_PREFIX;

    @Inject
    WebUsers users;

    @Inject
    LoginAttempt attempt;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential up)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        char[] password = up.getPassword().getValue();
        WebUsers.Login login = users.authenticate(up.getCaller(), password);
        attempt.record(login);
        if (login.outcome() != WebUsers.Outcome.OK) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        String name = login.caller().id().substring(CALLER_PREFIX.length());
        return new CredentialValidationResult(name, Set.of(login.caller().role().apiName()));
    }
}
