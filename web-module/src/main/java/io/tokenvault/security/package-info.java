/**
 * Who is using the admin UI: form login through Jakarta Security over the web users, the session's user as the
 * request's {@link io.tokenvault.tenancy.boundary.Caller}, and the tenant scope of a tenant admin's requests.
 */
package io.tokenvault.security;
