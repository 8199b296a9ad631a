package io.tokenvault.bench.bare;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The same bare resource at {@code /bench/bare-default-jsonb/...} without a {@code ContextResolver<Jsonb>}: RESTEasy
 * then builds a new {@code Jsonb} (a ServiceLoader lookup plus Yasson's set-up) for every body it reads and every
 * answer it writes. An application that registers no resolver, such as the product at the time of writing, pays that
 * on every request; this endpoint shows how much of the gap to {@link BareApplication} that explains.
 */
@ApplicationPath("/bare-default-jsonb")
public class DefaultJsonbApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(BareResource.class);
    }
}
