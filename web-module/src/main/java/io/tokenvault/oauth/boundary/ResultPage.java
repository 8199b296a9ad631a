package io.tokenvault.oauth.boundary;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The small HTML page an end user sees at the end of a connect flow. Every text is escaped; no scripts. */
final class ResultPage {

    private ResultPage() {
    }

    static void render(HttpServletResponse response, int status, String title, String message, String linkUrl,
            String linkText) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline';"
                + " frame-ancestors 'none'; form-action 'none'");
        String link = linkUrl == null ? "" : "<p><a href=\"" + escape(linkUrl) + "\">" + escape(linkText) + "</a></p>";
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " · Tokenvault</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;"
                + "line-height:1.5;color:#1b1f24}h1{font-size:1.4rem}</style></head><body>"
                + "<main><h1>" + escape(title) + "</h1><p>" + escape(message) + "</p>" + link + "</main></body></html>";
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
