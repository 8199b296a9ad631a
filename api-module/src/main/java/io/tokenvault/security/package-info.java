/**
 * Who is calling: API keys presented as bearer tokens, checked by a JAX-RS filter before any resource is matched;
 * tenant scoping of every tenant URL.
 */
package io.tokenvault.security;
