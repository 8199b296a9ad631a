package io.tokenvault.tenancy.boundary;

import io.tokenvault.platform.boundary.UiActions;
import io.tokenvault.platform.control.Settings;
import io.tokenvault.users.boundary.Invitation;
import io.tokenvault.users.boundary.UserView;
import io.tokenvault.users.boundary.WebUsers;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * {@code /tenancy/tenants.xhtml} (platform admins): the tenants, creating one, and inviting a tenant's admin (the
 * one-time link is shown once, on the answer to the POST).
 */
@Named
@RequestScoped
public class TenantsBacking {

    @Inject
    Tenants tenants;

    @Inject
    WebUsers users;

    @Inject
    Settings settings;

    @Inject
    UiActions ui;

    private String id;
    private String name;
    private String inviteTenant;
    private String inviteUsername;
    private Invitation invitation;
    private List<TenantView> list;

    public List<TenantView> getTenants() {
        if (list == null) {
            list = ui.read(() -> tenants.list(ui.caller())).orElse(List.of());
        }
        return list;
    }

    public List<UserView> usersOf(String tenant) {
        return ui.read(() -> users.list(ui.caller(), tenant)).orElse(List.of());
    }

    public void create() {
        String tenant = id == null ? null : id.strip();
        ui.change(tenant, "Tenants.create", "tenants/" + tenant, () -> tenants.create(ui.caller(), tenant, name))
                .ifPresent(created -> {
                    ui.info("Tenant " + created.id() + " created. Invite its first admin below.");
                    ui.redirect("/tenancy/tenants.xhtml");
                });
    }

    public void invite() {
        ui.change(inviteTenant, "Users.invite", "users/" + inviteUsername,
                () -> users.invite(ui.caller(), inviteTenant, inviteUsername)).ifPresent(i -> {
                    invitation = i;
                    inviteUsername = null;
                });
    }

    public String getInvitationLink() {
        return invitation == null ? null : settings.publicUrl() + invitation.path();
    }

    public Invitation getInvitation() {
        return invitation;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getInviteTenant() {
        return inviteTenant;
    }

    public void setInviteTenant(String inviteTenant) {
        this.inviteTenant = inviteTenant;
    }

    public String getInviteUsername() {
        return inviteUsername;
    }

    public void setInviteUsername(String inviteUsername) {
        this.inviteUsername = inviteUsername;
    }
}
