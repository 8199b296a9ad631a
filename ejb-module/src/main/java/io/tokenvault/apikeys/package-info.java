/**
 * API keys: random 256-bit bearer credentials, shown once, stored only as SHA-256 hashes, each with one role and
 * (unless it is a platform-admin key) one tenant. A revoked key stops working at once.
 */
package io.tokenvault.apikeys;
