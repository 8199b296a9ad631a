package io.tokenvault.users.boundary;

import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;

/**
 * {@code /invite.xhtml?token=}: an invited user chooses a password. The GET only shows whom the link is for; the
 * POST sets the password and uses the link up. Reachable without logging in; the token is the credential.
 */
@Named
@RequestScoped
public class InvitationBacking {

    @Inject
    WebUsers users;

    private String token;
    private WebUsers.PendingInvitation pending;
    private boolean looked;
    private String password;
    private String repeated;

    public WebUsers.PendingInvitation getPending() {
        if (token == null) {
            // a postback, before the view parameter reached this bean
            token = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("token");
        }
        if (!looked) {
            looked = true;
            pending = users.findInvitation(token).orElse(null);
        }
        return pending;
    }

    public void accept() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        char[] p = password == null ? new char[0] : password.toCharArray();
        char[] r = repeated == null ? new char[0] : repeated.toCharArray();
        password = null;
        repeated = null;
        try {
            String username = users.acceptInvitation(token, p, r);
            ExternalContext external = faces.getExternalContext();
            external.getFlash().setKeepMessages(true);
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, "Password set for " + username
                    + ". Log in with it now.", null));
            external.redirect(external.getRequestContextPath() + "/login.xhtml");
            faces.responseComplete();
        } catch (InvalidInputException e) {
            e.errors().forEach(f -> faces.addMessage("f:" + f.field(), new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    f.field() + " " + f.message(), null)));
        } catch (NoSuchResourceException e) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, e.getMessage(), null));
        } finally {
            java.util.Arrays.fill(p, '\0');
            java.util.Arrays.fill(r, '\0');
        }
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getPassword() {
        return null;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getRepeated() {
        return null;
    }

    public void setRepeated(String repeated) {
        this.repeated = repeated;
    }
}
