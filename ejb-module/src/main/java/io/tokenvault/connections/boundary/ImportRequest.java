package io.tokenvault.connections.boundary;

import java.util.List;

/** An existing grant brought in from another system. {@code toString()} never shows the tokens. */
public record ImportRequest(String app, String externalUserId, String refreshToken, String accessToken,
        String expiresAt, List<String> scopes) {

    @Override
    public String toString() {
        return "ImportRequest[app=" + app + ", externalUserId=" + externalUserId + ", refreshToken=****]";
    }
}
