/**
 * Connections: one end user's grant to one app, with its encrypted token set in the same versioned row.
 */
package io.tokenvault.connections;
