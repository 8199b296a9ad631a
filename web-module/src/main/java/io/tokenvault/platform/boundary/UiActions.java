package io.tokenvault.platform.boundary;

import io.tokenvault.audit.boundary.AuditTrail;
import io.tokenvault.security.boundary.SessionCaller;
import io.tokenvault.tenancy.boundary.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every backing bean does around a boundary call, in one place: who is calling; business failures become
 * messages beside the fields they concern (an {@link InvalidInputException}'s field {@code x} goes to the input with
 * id {@code x} of form {@code f}), a resource that does not exist or belongs to another tenant becomes the 404 page,
 * a forbidden action the 403 page; every state-changing action goes into the audit trail with its outcome, never with
 * its input. Anything unexpected is left to the container's error page, which shows no detail.
 */
@RequestScoped
public class UiActions {

    private static final Logger LOG = Logger.getLogger(UiActions.class.getName());
    static final String FORM = "f";

    @Inject
    SessionCaller callers;

    @Inject
    AuditTrail trail;

    public Caller caller() {
        return callers.caller();
    }

    /** The caller's own tenant (tenant admins); never taken from the request. */
    public String tenant() {
        return caller().tenantId();
    }

    /**
     * Runs a state-changing action and records it in the audit trail of {@code tenant} (null: a platform action).
     * Empty when it failed, in which case the failure is already shown.
     */
    public <T> Optional<T> change(String tenant, String action, String target, Supplier<T> work) {
        Caller caller = caller();
        try {
            T result = work.get();
            audit(tenant, caller, action, target, "200");
            return Optional.of(result == null ? nothing() : result);
        } catch (TokenvaultException e) {
            audit(tenant, caller, action, target, outcomeOf(e));
            show(e);
            return Optional.empty();
        }
    }

    /** Runs a read; a failure is shown (404 and 403 as their pages, invalid filters beside their fields). */
    public <T> Optional<T> read(Supplier<T> work) {
        try {
            return Optional.ofNullable(work.get());
        } catch (TokenvaultException e) {
            show(e);
            return Optional.empty();
        }
    }

    /** A parameter of this (POST) request: the row a per-row form acts on. */
    public String param(String name) {
        return FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get(name);
    }

    /** Answers the request with the 404 page: unknown and foreign resources look alike. */
    public void notFound() {
        sendError(404);
    }

    public void info(String message) {
        FacesContext.getCurrentInstance().addMessage(null,
                new FacesMessage(FacesMessage.SEVERITY_INFO, message, null));
    }

    public void error(String clientId, String message) {
        FacesContext.getCurrentInstance().addMessage(clientId,
                new FacesMessage(FacesMessage.SEVERITY_ERROR, message, null));
    }

    /** Post-redirect-get: after a change, the browser loads the result page by GET, with the messages kept. */
    public void redirect(String path) {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        external.getFlash().setKeepMessages(true);
        try {
            external.redirect(external.getRequestContextPath() + path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        faces.responseComplete();
    }

    private void show(TokenvaultException e) {
        if (e instanceof NoSuchResourceException) {
            sendError(404);
        } else if (e instanceof ForbiddenActionException) {
            sendError(403);
        } else if (e instanceof InvalidInputException invalid) {
            invalid.errors().forEach(f -> error(clientIdOf(f.field()), f.field() + " " + f.message()));
        } else {
            error(null, e.getMessage());
        }
    }

    /** The input a field error belongs to, if the form has one; else the message goes to the top of the page. */
    private static String clientIdOf(String field) {
        String base = field.split("[.\\[]", 2)[0];
        FacesContext faces = FacesContext.getCurrentInstance();
        UIComponent input = faces.getViewRoot().findComponent(":" + FORM + ":" + base);
        return input == null ? null : input.getClientId(faces);
    }

    private static void sendError(int status) {
        FacesContext faces = FacesContext.getCurrentInstance();
        try {
            faces.getExternalContext().responseSendError(status, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        faces.responseComplete();
    }

    private void audit(String tenant, Caller caller, String action, String target, String outcome) {
        try {
            trail.record(tenant, caller.id(), action, "ui " + target, outcome, null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot audit " + action + " on " + target, e);
        }
    }

    private static String outcomeOf(TokenvaultException e) {
        return Integer.toString(e.status());
    }

    @SuppressWarnings("unchecked")
    private static <T> T nothing() {
        return (T) Boolean.TRUE;
    }
}
