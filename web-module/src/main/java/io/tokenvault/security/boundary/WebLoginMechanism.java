package io.tokenvault.security.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Set;

/**
 * The web UI's login, through Jakarta Security: the login page hands the user name and password to
 * {@code SecurityContext.authenticate}, this mechanism has {@link WebUserIdentityStore} check them, and the logged-in
 * user is remembered in the HTTP session (a new session id at login, against session fixation). Every later UI request
 * is authenticated from the session; a request for a protected page without a session is sent to the login page.
 *
 * <p>It does nothing at all for the OAuth endpoints, which authenticate their own way (signed state for the callback,
 * a signed link for re-authorization); the check is one string comparison, first thing. The REST API authenticates
 * API keys and lives in a WAR of its own ({@code /api}), so no request of it ever reaches this mechanism: Jakarta
 * Security installs its authentication module for a whole WAR, and on the token API's hot path that cost a fifth of
 * the requests per second (bench finding 2b).
 */
@ApplicationScoped
public class WebLoginMechanism implements HttpAuthenticationMechanism {

    /** Session attributes: the logged-in user's name and role. */
    static final String SESSION_USER = "tokenvault.user";
    static final String SESSION_ROLE = "tokenvault.role";
    static final String LOGIN_PAGE = "/login.xhtml";

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        if (!isUi(request)) {
            return context.doNothing();
        }
        if (context.isAuthenticationRequest()
                && context.getAuthParameters().getCredential() instanceof UsernamePasswordCredential credential) {
            CredentialValidationResult result = identityStores.validate(credential);
            if (result.getStatus() != CredentialValidationResult.Status.VALID) {
                return AuthenticationStatus.SEND_FAILURE;
            }
            request.getSession(true);
            request.changeSessionId();
            HttpSession session = request.getSession();
            String role = result.getCallerGroups().iterator().next();
            session.setAttribute(SESSION_USER, result.getCallerPrincipal().getName());
            session.setAttribute(SESSION_ROLE, role);
            return context.notifyContainerAboutLogin(WebUserIdentityStore.CALLER_PREFIX
                    + result.getCallerPrincipal().getName(), Set.of(role));
        }
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute(SESSION_USER);
        if (user != null) {
            return context.notifyContainerAboutLogin(WebUserIdentityStore.CALLER_PREFIX + user,
                    Set.of((String) session.getAttribute(SESSION_ROLE)));
        }
        if (context.isProtected()) {
            return context.redirect(request.getContextPath() + LOGIN_PAGE);
        }
        return context.doNothing();
    }

    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(SESSION_USER);
            session.removeAttribute(SESSION_ROLE);
        }
    }

    /**
     * Whether a request is for the UI: anything in this WAR but the OAuth endpoints, which the provider and end users'
     * browsers reach without a session. (The REST API is a WAR of its own, which this mechanism never sees.)
     */
    static boolean isUi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/oauth/");
    }
}
