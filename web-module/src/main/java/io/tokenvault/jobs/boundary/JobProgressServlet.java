package io.tokenvault.jobs.boundary;

import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.platform.boundary.TokenvaultException;
import io.tokenvault.security.boundary.SessionCaller;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /ui/jobs/progress?id=}: a job's status and counts as a small JSON document, which the UI's progress bars
 * poll. Logged-in users only (a security constraint), and only jobs the user may see: another tenant's job is 404.
 */
@WebServlet("/ui/jobs/progress")
public class JobProgressServlet extends HttpServlet {

    @Inject
    Jobs jobs;

    @Inject
    SessionCaller callers;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        String id = request.getParameter("id");
        JobView job;
        try {
            if (id == null || id.isBlank() || id.length() > 64) {
                throw NoSuchResourceException.of("Job", String.valueOf(id));
            }
            job = jobs.get(callers.caller(), id);
        } catch (TokenvaultException e) {
            response.setStatus(e.status());
            response.getWriter().write("{\"status\":" + e.status() + "}");
            return;
        }
        JobView.Progress p = job.progress();
        response.getWriter().write("{\"id\":\"" + job.id() + "\",\"status\":\"" + job.status() + "\",\"running\":"
                + JobProgress.isRunning(job.status()) + ",\"total\":" + p.total() + ",\"done\":" + p.done()
                + ",\"skipped\":" + p.skipped() + ",\"failed\":" + p.failed() + ",\"percent\":"
                + JobProgress.percent(job) + "}");
    }
}
