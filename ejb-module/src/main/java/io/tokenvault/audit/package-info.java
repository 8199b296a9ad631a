/**
 * The audit trail: every administrative action through the API (who, which tenant, what, on what, with what outcome)
 * and every connection status change, queryable per tenant; never a secret (no request bodies are recorded).
 */
package io.tokenvault.audit;
