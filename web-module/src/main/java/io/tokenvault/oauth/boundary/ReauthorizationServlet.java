package io.tokenvault.oauth.boundary;

import io.tokenvault.platform.boundary.NoSuchResourceException;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /oauth/reauthorize?tenant&connection&expires&sig}: a signed re-authorization link. A genuine, unexpired
 * link starts a new consent for that one connection and sends the user to the provider.
 */
@WebServlet("/oauth/reauthorize")
public class ReauthorizationServlet extends HttpServlet {

    @Inject
    ConnectFlow connectFlow;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String tenant = request.getParameter("tenant");
        String connection = request.getParameter("connection");
        long expires;
        try {
            expires = Long.parseLong(request.getParameter("expires"));
        } catch (NumberFormatException | NullPointerException e) {
            expires = 0;
        }
        if (!connectFlow.isGenuineLink(tenant, connection, expires, request.getParameter("sig"))) {
            ResultPage.render(response, 400, "This link is not valid",
                    "The re-authorization link is expired or was altered. Ask the application for a new one.", null,
                    null);
            return;
        }
        try {
            ConnectFlow.Started started = connectFlow.reauthorize(tenant, connection);
            response.setHeader("Cache-Control", "no-store");
            response.sendRedirect(started.authorizationUrl());
        } catch (NoSuchResourceException gone) {
            ResultPage.render(response, 404, "This connection no longer exists",
                    "It was removed. Ask the application to connect again.", null, null);
        }
    }
}
