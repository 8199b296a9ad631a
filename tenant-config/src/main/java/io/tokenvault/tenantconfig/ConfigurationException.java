package io.tokenvault.tenantconfig;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A tenant configuration document that could not be read: malformed, too large, refused (DTDs and entities in XML),
 * or with fields the format does not know. Checked, so that it crosses an EJB boundary unchanged and every caller
 * decides how to report it.
 */
public final class ConfigurationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public ConfigurationException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public static ConfigurationException of(Problem problem) {
        return new ConfigurationException(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
