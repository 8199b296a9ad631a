/**
 * The provider catalog: what Tokenvault knows about each OAuth provider it supports by name (Google, Microsoft Entra
 * ID, Salesforce, Slack, Dropbox, Box, Notion, Atlassian, HubSpot, Zoom, GitHub, Zendesk) and about the generic kinds
 * {@code oauth2} (endpoints given by the tenant) and {@code oidc} (endpoints discovered).
 *
 * <p>For each provider: endpoint URL templates, the parameters and scopes that make it issue a refresh token, PKCE
 * support, refresh-token rotation, lifetimes and grant limits, scope separator, token endpoint client authentication,
 * incremental authorization, and the meaning of its error answers. The facts live in {@code providers.xml} beside
 * this package (bound with EclipseLink MOXy, parsed only through {@link io.tokenvault.catalog.SecureXml}); the
 * catalog also builds the authorization URL, so that offline access is always requested and cannot be switched off
 * by configuration.
 *
 * <p>Plain Java: no container, no I/O beyond reading the bundled resource.
 */
package io.tokenvault.catalog;
