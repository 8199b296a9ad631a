package io.tokenvault.webhooks.control;

import java.util.Arrays;
import java.util.Optional;

/** The event types a webhook subscription can ask for (DESIGN.md, "Webhook events"). */
public enum EventType {
    CONNECTION_STATUS_CHANGED("connection.status_changed"),
    CONNECTION_REFRESH_FAILED("connection.refresh_failed"),
    CONNECTION_EXPIRY_WARNING("connection.expiry_warning"),
    APP_MASS_REVOCATION("app.mass_revocation"),
    APP_SECRET_ROLLOVER("app.secret_rollover"),
    APP_CLIENT_ID_CHANGED("app.client_id_changed"),
    ENCRYPTION_KEY_ROTATION("encryption.key_rotation");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> of(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }
}
