package io.tokenvault.security.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;

/** {@code /}: tenant admins start on their dashboard, platform admins on the tenants page. */
@Named
@RequestScoped
public class StartPage {

    @Inject
    SessionCaller callers;

    public void route() throws IOException {
        if (callers.current() != null && callers.current().isPlatformAdmin()) {
            ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
            external.redirect(external.getRequestContextPath() + "/tenancy/tenants.xhtml");
            FacesContext.getCurrentInstance().responseComplete();
        }
    }
}
