/**
 * What operators watch: readiness checks. They live in this library jar (the EAR's {@code lib/}) because WildFly's
 * MicroProfile Health extension resolves checks from the EAR-level bean archive, which sees {@code lib/} jars but not
 * the EJB or web module's beans.
 */
package io.tokenvault.operations;
