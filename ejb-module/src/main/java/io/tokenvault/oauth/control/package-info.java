/**
 * The provider client: talks to OAuth providers' token and revocation endpoints and reports what
 * they answered as values ({@link io.tokenvault.oauth.control.TokenResponseOutcome},
 * {@link io.tokenvault.oauth.control.RevocationOutcome}), with conservative expiry arithmetic and
 * provider error details (Google {@code error_subtype}, Microsoft AADSTS codes) preserved for
 * diagnosis. Plain Java: no container services, so it is tested against the provider simulator
 * without a server.
 */
package io.tokenvault.oauth.control;
