package io.tokenvault.platform.boundary;

/** The request clashes with the current state (a duplicate id, a concurrent change). */
public class ConflictException extends TokenvaultException {

    public ConflictException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String problemType() {
        return "conflict";
    }

    @Override
    public String title() {
        return "Conflict";
    }
}
