package io.tokenvault.oauth.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /oauth/callback?code&state} (or {@code ?error&state}): where providers send the end user back. Completes
 * the consent, then redirects to the connection's return URL or shows a result page.
 */
@WebServlet("/oauth/callback")
public class OAuthCallbackServlet extends HttpServlet {

    @Inject
    ConnectFlow connectFlow;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConnectFlow.Outcome outcome = connectFlow.complete(request.getParameter("state"), request.getParameter("code"),
                request.getParameter("error"), request.getParameter("error_description"));
        if (outcome instanceof ConnectFlow.Connected connected) {
            if (connected.redirect().isPresent()) {
                response.setHeader("Cache-Control", "no-store");
                response.sendRedirect(connected.redirect().get());
                return;
            }
            if ("ACTIVE".equals(connected.status())) {
                String missing = connected.missingScopes().isEmpty() ? ""
                        : " Some permissions were not granted (" + String.join(", ", connected.missingScopes())
                                + "); the application may ask you again.";
                ResultPage.render(response, 200, "Connected", "Your account is connected. You can close this"
                        + " window." + missing, null, null);
            } else {
                ResultPage.render(response, 200, "Connected, but not for long",
                        "The provider did not grant lasting (offline) access, so the connection will need to be"
                                + " renewed. " + connected.detail(), null, null);
            }
            return;
        }
        ConnectFlow.Refused refused = (ConnectFlow.Refused) outcome;
        ResultPage.render(response, 400, refused.title(), refused.message(), refused.returnUrl().orElse(null),
                "Back to the application");
    }
}
