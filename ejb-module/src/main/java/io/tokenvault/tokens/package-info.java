/**
 * The refresh engine: hands out valid access tokens from memory, refreshes them once per connection however many
 * callers ask (single flight in the JVM, a versioned lease across nodes), stores rotated refresh tokens in the same
 * write as the access token, tells a race from a revocation, and diagnoses dead grants instead of retrying them.
 */
package io.tokenvault.tokens;
