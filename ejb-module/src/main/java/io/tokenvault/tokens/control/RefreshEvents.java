package io.tokenvault.tokens.control;

import io.tokenvault.apps.control.AppRegistration;
import java.time.Duration;

/**
 * What the refresh engine tells the rest of the application: the outcome of every provider call and every grant it
 * finds dead. Called on the refreshing thread after the row is written; implementations are quick, never block on a
 * provider and never throw (the engine ignores what they throw). Never pass a token or secret on.
 */
public interface RefreshEvents {

    /** Does nothing: for tests and tools that need no events. */
    RefreshEvents NONE = new RefreshEvents() {
    };

    /** A caller got a token: from this node's memory ({@code fromCache}), or after reading (and maybe refreshing). */
    default void answered(boolean fromCache) {
    }

    /** The provider issued new tokens and they are stored; {@code rotated}: a new refresh token replaced the spent one. */
    default void refreshed(String tenantId, String connectionId, AppRegistration app, Duration took, boolean rotated) {
    }

    /**
     * The provider refused the refresh ({@code kind} "rejected", {@code error} the OAuth error code) or gave no usable
     * answer ({@code kind} "unavailable", {@code error} what happened: timeout, server_error, rate_limited, ...).
     */
    default void refreshFailed(String tenantId, String connectionId, AppRegistration app, String kind, String error,
            Duration took) {
    }

    /** The grant is dead: the connection went from ACTIVE to NEEDS_REAUTH for the diagnosed reason. */
    default void needsReauthorization(String tenantId, String connectionId, AppRegistration app, Diagnosis diagnosis) {
    }
}
