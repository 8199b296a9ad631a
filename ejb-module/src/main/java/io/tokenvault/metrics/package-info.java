/**
 * Operational metrics (Micrometer, Prometheus text format): refreshes by outcome and provider, refresh latency,
 * token-cache hits, connections by status, provider error codes, sealed values per encryption key, job progress and
 * webhook deliveries by outcome.
 */
package io.tokenvault.metrics;
