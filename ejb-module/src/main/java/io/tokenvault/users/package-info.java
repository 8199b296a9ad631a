/**
 * People who log in to the web UI: tenant admins (one tenant each) and platform admins. Passwords are kept as PBKDF2
 * hashes, failed logins are throttled, new users join through a one-time invitation link, and the bootstrap platform
 * admin {@code admin} gets its password from {@code TOKENVAULT_ADMIN_PASSWORD} or a generated file in the data
 * directory. The web module's Jakarta Security mechanism calls {@link io.tokenvault.users.boundary.WebUsers}; it turns
 * a logged-in user into the same {@link io.tokenvault.tenancy.boundary.Caller} an API key becomes, so every boundary
 * applies the same tenant rules to both.
 */
package io.tokenvault.users;
