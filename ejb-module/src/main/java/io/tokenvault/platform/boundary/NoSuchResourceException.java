package io.tokenvault.platform.boundary;

/** The resource does not exist, or the caller may not know that it exists. */
public class NoSuchResourceException extends TokenvaultException {

    public NoSuchResourceException(String message) {
        super(message);
    }

    public static NoSuchResourceException of(String kind, String id) {
        return new NoSuchResourceException(kind + " '" + id + "' does not exist");
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String problemType() {
        return "not-found";
    }

    @Override
    public String title() {
        return "Not found";
    }
}
