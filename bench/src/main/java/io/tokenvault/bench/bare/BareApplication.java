package io.tokenvault.bench.bare;

import io.tokenvault.bench.common.SharedJsonb;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The baseline: {@code /bench/bare/...}. No authentication, no filters, no persistence; JSON-B through one shared
 * {@code Jsonb} ({@link SharedJsonb}), which is how a JAX-RS application on RESTEasy is meant to be set up.
 */
@ApplicationPath("/bare")
public class BareApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(BareResource.class, SharedJsonb.class);
    }
}
