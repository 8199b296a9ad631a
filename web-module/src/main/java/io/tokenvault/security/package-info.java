/**
 * Who is calling: API keys presented as bearer tokens, checked by a Jakarta Security authentication mechanism and
 * identity store; tenant scoping of every tenant URL.
 */
package io.tokenvault.security;
