/**
 * Aggregated tenant notices: one notice per event that concerns many connections (an expiry forecast, a client-ID
 * change, a mass revocation, a rollover outcome), never one per connection; each connection keeps its own status.
 */
package io.tokenvault.notices;
