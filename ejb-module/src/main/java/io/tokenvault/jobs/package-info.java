/**
 * Jakarta Batch jobs (JBeret, with its JDBC job repository in the application's database): starting them outside any
 * container transaction, their progress and restart ({@code GET/POST /api/v1/jobs/{id}}), restarting this node's jobs
 * after a crash, and the artifacts of {@code rotate-encryption-key}. The job XML lives in {@code batch-jobs}.
 */
package io.tokenvault.jobs;
