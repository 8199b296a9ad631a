/**
 * Per-tenant webhooks: subscriptions, a stored outbox of deliveries signed per the Standard Webhooks convention,
 * retries with exponential backoff and jitter, dead-lettering and redelivery.
 */
package io.tokenvault.webhooks;
