package io.tokenvault.platform.boundary;

/** The caller is known but may not do this. */
public class ForbiddenActionException extends TokenvaultException {

    public ForbiddenActionException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String problemType() {
        return "forbidden";
    }

    @Override
    public String title() {
        return "Forbidden";
    }
}
