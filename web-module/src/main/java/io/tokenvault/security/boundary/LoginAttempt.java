package io.tokenvault.security.boundary;

import io.tokenvault.users.boundary.WebUsers;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** The outcome of this request's login attempt, for the login page's message. */
@RequestScoped
public class LoginAttempt {

    private WebUsers.Login login;

    void record(WebUsers.Login outcome) {
        this.login = outcome;
    }

    public Optional<WebUsers.Login> outcome() {
        return Optional.ofNullable(login);
    }
}
