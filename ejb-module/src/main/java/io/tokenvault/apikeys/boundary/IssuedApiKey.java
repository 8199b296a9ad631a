package io.tokenvault.apikeys.boundary;

/** A key just issued: the only time its value is ever shown. */
public record IssuedApiKey(String id, String key, String role, String label) {

    @Override
    public String toString() {
        return "IssuedApiKey[id=" + id + ", role=" + role + ", key=****]";
    }
}
