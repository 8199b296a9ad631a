package io.tokenvault.security.boundary;

import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.control.TenantScope;
import io.tokenvault.users.boundary.WebUsers;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;

/**
 * Every web UI request: security headers (no framing, no MIME sniffing, no referrer, which would carry invitation
 * tokens and re-authorization links to other sites; no caching of pages), and, for a logged-in user, the same
 * {@link Caller} and tenant scope an API key gets in the REST API: a tenant admin works within its own tenant, and only
 * within it, whatever the URL or the form says. A user removed meanwhile is logged out at its next request.
 */
@WebFilter(urlPatterns = {"*.xhtml", "/ui/*", "/error/*"})
public class UiRequestFilter extends HttpFilter {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Inject
    SessionCaller callers;

    @Inject
    WebUsers users;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (request.getRequestURI().startsWith(request.getContextPath() + "/jakarta.faces.resource/")) {
            chain.doFilter(request, response); // style sheets and scripts: cacheable, nobody's data
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute(WebLoginMechanism.SESSION_USER);
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller = users.current((String) user);
        if (caller.isEmpty()) {
            session.invalidate();
            response.sendRedirect(request.getContextPath() + WebLoginMechanism.LOGIN_PAGE);
            return;
        }
        callers.authenticated(caller.get());
        if (caller.get().isPlatformAdmin()) {
            chain.doFilter(request, response);
            return;
        }
        try (TenantScope ignored = TenantScope.of(caller.get().tenantId())) {
            chain.doFilter(request, response);
        }
    }
}
