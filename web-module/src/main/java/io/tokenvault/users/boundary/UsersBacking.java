package io.tokenvault.users.boundary;

import io.tokenvault.platform.boundary.UiActions;
import io.tokenvault.platform.control.Settings;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * {@code /users/}: the users of the tenant; inviting one (the one-time link is shown once, on the answer to the POST,
 * and never stored), removing one.
 */
@Named
@RequestScoped
public class UsersBacking {

    @Inject
    WebUsers users;

    @Inject
    Settings settings;

    @Inject
    UiActions ui;

    private String username;
    private String remove;
    private Invitation invitation;
    private List<UserView> list;

    public List<UserView> getUsers() {
        if (list == null) {
            list = ui.read(() -> users.list(ui.caller(), ui.tenant())).orElse(List.of());
        }
        return list;
    }

    public void invite() {
        ui.change(ui.tenant(), "Users.invite", "users/" + username,
                () -> users.invite(ui.caller(), ui.tenant(), username)).ifPresent(i -> {
                    invitation = i;
                    username = null;
                    list = null;
                });
    }

    public void remove() {
        remove = ui.param("remove");
        ui.change(ui.tenant(), "Users.remove", "users/" + remove, () -> {
            users.remove(ui.caller(), ui.tenant(), remove);
            return null;
        }).ifPresent(done -> {
            ui.info("User removed.");
            ui.redirect("/users/index.xhtml");
        });
    }

    /** The one-time link of the invitation just made (absolute, to hand over). */
    public String getInvitationLink() {
        return invitation == null ? null : settings.publicUrl() + invitation.path();
    }

    public Invitation getInvitation() {
        return invitation;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getRemove() {
        return remove;
    }

    public void setRemove(String remove) {
        this.remove = remove;
    }
}
