package io.tokenvault.bench.raw;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The key-rotation baseline inside the server: {@code /bench/raw/passes} ({@link RawPassResource}). */
@ApplicationPath("/raw")
public class RawApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(RawPassResource.class);
    }
}
