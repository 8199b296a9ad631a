package io.tokenvault.bench.secured;

import io.tokenvault.bench.common.SharedJsonb;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * {@code bench-secured.war}: the bare resource behind the same security plumbing as the product's API, and nothing
 * of the product's own: a Jakarta Security {@code HttpAuthenticationMechanism} that hands a Bearer credential to an
 * identity store (both trivial), a {@code /bare/*} security constraint, and {@code @RolesAllowed} enforced by RESTEasy
 * ({@code WEB-INF/web.xml}), on the {@code other} security domain ({@code WEB-INF/jboss-web.xml}) whose
 * {@code integrated-jaspi=false} the product's CLI script sets. The gap between this and the plain bare endpoint is
 * what the framework's security costs; the gap between this and the token API is the product's own work.
 */
@ApplicationPath("/bare")
public class SecuredApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(SecuredResource.class, SharedJsonb.class);
    }
}
