package io.tokenvault.bench.common;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.ext.ContextResolver;

/**
 * One {@code Jsonb} for the whole application (it is thread-safe), as the product has it. Registered explicitly by
 * the applications that want it, deliberately without {@code @Provider}, so that scanning cannot add it to
 * {@code DefaultJsonbApplication}.
 */
public class SharedJsonb implements ContextResolver<Jsonb> {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }
}
