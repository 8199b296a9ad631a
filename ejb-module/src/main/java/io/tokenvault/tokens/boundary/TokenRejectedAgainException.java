package io.tokenvault.tokens.boundary;

import io.tokenvault.platform.boundary.TokenvaultException;
import java.util.Map;

/**
 * The token issued in answer to a rejection was itself rejected moments later: refreshing again would loop. The
 * grant is fine; the resource refuses it (missing scope or permission). (409)
 */
public class TokenRejectedAgainException extends TokenvaultException {

    public TokenRejectedAgainException() {
        super("A freshly refreshed access token was rejected again: the resource refuses this grant, most likely for"
                + " a missing scope or permission, not an expired token. Check the scopes granted to the connection and"
                + " the user's rights at the provider; refreshing again would not help.");
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String problemType() {
        return "token-rejected-again";
    }

    @Override
    public String title() {
        return "Token rejected again";
    }

    @Override
    public Map<String, Object> extensions() {
        return Map.of("error", "insufficient_permission", "reason", "permission_or_scope");
    }
}
