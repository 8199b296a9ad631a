package io.tokenvault.tenantconfig;

import java.util.Objects;

/**
 * One thing wrong with a tenant configuration document.
 *
 * @param path    where: a property path such as {@code apps[2].tokenEndpoint} or {@code allowedReturnUrls[0]}, or
 *                {@link #DOCUMENT} ({@code ""}) for the document as a whole (malformed, too large, refused)
 * @param message what is wrong, fit to show the document's author; never contains a secret
 */
public record Problem(String path, String message) {

    /** The path of a problem with the whole document. */
    public static final String DOCUMENT = "";

    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** A problem with the document as a whole. */
    public static Problem ofDocument(String message) {
        return new Problem(DOCUMENT, message);
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
