package io.tokenvault.catalog;

import java.util.List;

/** A provider catalog document that cannot be used; {@link #problems()} says everything that is wrong at once. */
public final class InvalidCatalogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    InvalidCatalogException(List<String> problems) {
        super("invalid provider catalog: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
