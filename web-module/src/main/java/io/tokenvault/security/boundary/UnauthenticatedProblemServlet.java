package io.tokenvault.security.boundary;

import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The 401 error page: a problem document saying why the caller was refused (never which keys exist). */
@WebServlet("/errors/unauthenticated")
public class UnauthenticatedProblemServlet extends HttpServlet {

    private static final String DEFAULT_REASON = "A valid API key is required: send Authorization: Bearer <key>";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object reason = request.getAttribute(ApiKeyAuthenticationMechanism.REASON);
        String body = Json.createObjectBuilder()
                .add("type", "urn:tokenvault:problem:unauthenticated")
                .add("title", "Unauthenticated")
                .add("status", 401)
                .add("detail", reason instanceof String text ? text : DEFAULT_REASON)
                .build().toString();
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"tokenvault\"");
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
