/**
 * Scheduled sweeps: timers on every node, run by one node at a time through a lease row per sweep; the idle-connection
 * keep-alive probe and the grant expiry forecast.
 */
package io.tokenvault.sweeps;
