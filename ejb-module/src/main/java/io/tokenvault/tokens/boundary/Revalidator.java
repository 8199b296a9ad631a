package io.tokenvault.tokens.boundary;

import io.tokenvault.platform.boundary.TokenvaultException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Refreshes one connection now, outside any transaction (a batch chunk's, say): the refresh engine claims its lease
 * and stores the new tokens in auto-committed statements, which must be visible to other nodes at once, not at some
 * later commit. Used by the secret rollover's re-validation and the idle-connection probe.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Revalidator {

    /** How one re-validation went. */
    public enum Outcome { REFRESHED, FAILED }

    @Inject
    AccessTokens accessTokens;

    public Outcome revalidate(String tenantId, String connectionId) {
        try {
            accessTokens.refreshNow(tenantId, connectionId);
            return Outcome.REFRESHED;
        } catch (TokenvaultException e) {
            return Outcome.FAILED; // the connection carries its own status and reason; the job counts it
        }
    }
}
