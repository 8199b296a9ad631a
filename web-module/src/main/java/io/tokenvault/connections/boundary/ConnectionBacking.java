package io.tokenvault.connections.boundary;

import io.tokenvault.platform.boundary.UiActions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * {@code /connections/connection.xhtml?id=}: one connection, why it is in its status and what to do, its
 * re-authorization link to copy; {@code /connections/disconnect.xhtml?id=} asks for confirmation, and only its POST
 * disconnects (revoked at the provider where it can be, tokens deleted).
 */
@Named
@RequestScoped
public class ConnectionBacking {

    @Inject
    Connections connections;

    @Inject
    UiActions ui;

    private String id;
    private ConnectionView connection;
    private boolean loaded;

    /** 404 for an unknown connection or another tenant's. */
    public void load() {
        if (id == null) {
            id = ui.param("id"); // a postback, before the view parameter reached this bean
        }
        if (!loaded && id != null) {
            loaded = true;
            connection = ui.read(() -> connections.get(ui.caller(), ui.tenant(), id)).orElse(null);
        }
    }

    public void disconnect() {
        ui.change(ui.tenant(), "Connections.delete", "connections/" + id,
                () -> connections.delete(ui.caller(), ui.tenant(), id)).ifPresent(done -> {
                    ui.info("Connection " + id + " disconnected.");
                    ui.redirect("/connections/index.xhtml");
                });
    }

    public ConnectionView getConnection() {
        load();
        return connection;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }
}
