/**
 * A tenant's configuration as one document, for export and import ({@code GET/PUT /api/v1/tenants/{t}/config}): its
 * OAuth apps and allowed return URLs, as XML or JSON through the same EclipseLink MOXy mappings
 * ({@link io.tokenvault.tenantconfig.TenantConfigurationCodec}), and the rules an imported document must follow
 * ({@link io.tokenvault.tenantconfig.TenantConfigurationValidator}, which reports every problem at once).
 *
 * <p>The two forms carry the same names:
 * <pre>{@code
 * {"tenant": {"id": "acme", "name": "Acme Corp"},
 *  "apps": [{"key": "m365", "provider": "microsoft", "clientId": "6731de76-…", "scopes": ["Files.Read.All"],
 *            "authorizationParams": {"domain_hint": "acme.com"},
 *            "templateValues": {"tenant": "acme.onmicrosoft.com"}}],
 *  "allowedReturnUrls": ["https://app.acme.com/connected"]}
 *
 * <tenantConfiguration>
 *   <tenant id="acme" name="Acme Corp"/>
 *   <apps>
 *     <app key="m365">
 *       <provider>microsoft</provider>
 *       <clientId>6731de76-…</clientId>
 *       <scopes><scope>Files.Read.All</scope></scopes>
 *       <authorizationParams><domain_hint>acme.com</domain_hint></authorizationParams>
 *       <templateValues><tenant>acme.onmicrosoft.com</tenant></templateValues>
 *     </app>
 *   </apps>
 *   <allowedReturnUrls><url>https://app.acme.com/connected</url></allowedReturnUrls>
 * </tenantConfiguration>
 * }</pre>
 *
 * <p>Client secrets ({@code clientSecret}) can be imported but are never exported. Unknown fields are refused, not
 * ignored, so that a misspelt setting is reported instead of lost. XML is parsed only through
 * {@link io.tokenvault.catalog.SecureXml}. Content negotiation and persistence belong to the callers.
 */
package io.tokenvault.tenantconfig;
