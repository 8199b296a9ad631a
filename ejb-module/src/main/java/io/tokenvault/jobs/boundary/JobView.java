package io.tokenvault.jobs.boundary;

import java.time.Instant;

/** A job as the API shows it ({@code GET /api/v1/jobs/{id}}). */
public record JobView(String id, String name, String tenant, String status, Progress progress, Instant startedAt,
        Instant endedAt, String detail) {

    /** Rows to do, done, skipped (already done by someone else meanwhile) and failed. */
    public record Progress(long total, long done, long skipped, long failed) {
    }
}
