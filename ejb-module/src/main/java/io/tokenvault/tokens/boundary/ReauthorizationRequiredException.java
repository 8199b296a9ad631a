package io.tokenvault.tokens.boundary;

import io.tokenvault.platform.boundary.TokenvaultException;
import io.tokenvault.tokens.control.Diagnosis;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The grant is dead: a human must re-authorize. Never retried automatically. (409 {@code reauthorization_required}) */
public class ReauthorizationRequiredException extends TokenvaultException {

    private final String status;
    private final Diagnosis diagnosis;
    private final Optional<String> reauthorizationUrl;

    public ReauthorizationRequiredException(String status, Diagnosis diagnosis, Optional<String> reauthorizationUrl) {
        super("The connection is " + status + " (" + diagnosis.reason() + "): " + diagnosis.explanation());
        this.status = status;
        this.diagnosis = diagnosis;
        this.reauthorizationUrl = reauthorizationUrl;
    }

    /** The same refusal, carrying the link the end user can open to re-authorize. */
    public ReauthorizationRequiredException withReauthorizationUrl(String url) {
        return new ReauthorizationRequiredException(status, diagnosis, Optional.of(url));
    }

    public Diagnosis diagnosis() {
        return diagnosis;
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String problemType() {
        return "reauthorization-required";
    }

    @Override
    public String title() {
        return "Re-authorization required";
    }

    @Override
    public Map<String, Object> extensions() {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("error", "reauthorization_required");
        members.put("connectionStatus", status);
        members.put("reason", diagnosis.reason());
        members.put("explanation", diagnosis.explanation());
        members.put("remedy", diagnosis.remedy());
        reauthorizationUrl.ifPresent(url -> members.put("reauthorizationUrl", url));
        return members;
    }
}
