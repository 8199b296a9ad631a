package io.tokenvault.jobs.control;

import java.time.Instant;

/** Tokenvault's record of one job: who may see it, which JBeret execution is current, and its committed progress. */
public record JobRun(String id, String jobName, String tenantId, Long executionId, String node, long total, long done,
        long skipped, long failed, Instant createdAt, String startedBy, String detail) {
}
