/**
 * Domain events (CDI): what happened to connections, grants, secrets and keys, fired by the services that made it
 * happen and observed by webhooks, the audit trail, the mass-revocation detector and metrics. Events carry ids,
 * states and reasons, never a token or secret.
 */
package io.tokenvault.events;
