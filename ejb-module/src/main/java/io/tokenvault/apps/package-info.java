/**
 * OAuth app registrations: each tenant brings its own client ID and secrets per provider. Secrets are encrypted at
 * rest and never returned (a fingerprint is); an in-memory registry serves the refresh engine without database reads.
 */
package io.tokenvault.apps;
