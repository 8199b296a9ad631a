/**
 * What every capability shares: the business exceptions that the web module turns into problem+json, the
 * application's configuration, schema migration at start-up and readiness checks.
 */
package io.tokenvault.platform;
