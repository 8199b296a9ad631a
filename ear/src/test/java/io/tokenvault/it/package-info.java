/**
 * Black-box integration tests: the EAR deployed by Arquillian into the provisioned WildFly (H2, then PostgreSQL),
 * driven over HTTP exactly as clients drive it.
 */
package io.tokenvault.it;
