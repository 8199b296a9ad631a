package io.tokenvault.security.boundary;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;

/**
 * Keeps Jakarta Security out of the REST API. The admin UI's login mechanism is a CDI bean of the EAR, and Soteria
 * (Jakarta Security in WildFly) then registers its authentication module for every WAR of the EAR, this one included,
 * where it would run on every request (a fifth of the token API's throughput, bench finding 2b) and, since this WAR
 * cannot see the UI's beans, fail. The API authenticates API keys in {@link ApiKeyAuthenticationFilter} and needs none
 * of it, so the registration for this WAR's context is removed as soon as the context starts, before any request.
 */
@WebListener
public class NoJakartaSecurityBridge implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(NoJakartaSecurityBridge.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        if (factory != null) {
            factory.removeServerAuthModule(event.getServletContext());
            LOG.fine(() -> "No Jakarta Security module for " + event.getServletContext().getContextPath());
        }
    }
}
