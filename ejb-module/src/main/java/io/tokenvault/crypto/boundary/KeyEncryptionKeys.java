package io.tokenvault.crypto.boundary;

import io.tokenvault.crypto.control.KeyEncryptionKeySource;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.platform.boundary.ConflictException;
import io.tokenvault.tenancy.boundary.Caller;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * KEK rotation: the key-encryption key gets a new current version, then every tenant keyset is rewrapped by it. Only
 * the keysets change (one small row per tenant); data keys and sealed values stay as they are, so this takes seconds
 * however many tokens there are. Data-key rotation is the separate re-encryption job ({@link EncryptionKeys}).
 * Platform admins only.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class KeyEncryptionKeys {

    private static final Logger LOG = Logger.getLogger(KeyEncryptionKeys.class.getName());
    private static final String REFUSAL = "The key-encryption key is managed by platform admins";

    /** The KEK's state: the version keysets are wrapped with now, and how many keysets each version wraps. */
    public record Status(String kekId, boolean rotatable, Map<String, Integer> keysetsByKek) {
    }

    /** What a rotation or a rewrap did. */
    public record Rewrapped(String previousKekId, String kekId, int rewrapped, int alreadyCurrent,
            List<String> failedTenants) {
    }

    @Inject
    KeyRing keyRing;

    public Status status(Caller caller) {
        caller.requirePlatformAdmin(REFUSAL);
        KeyEncryptionKeySource kek = keyRing.keyEncryptionKey();
        return new Status(kek.kekId(), kek.rotatable(), keyRing.keysetsByKek());
    }

    /** Makes a new KEK version current (embedded key file), then rewraps every keyset with it. */
    public Rewrapped rotate(Caller caller) {
        caller.requirePlatformAdmin(REFUSAL);
        KeyEncryptionKeySource kek = keyRing.keyEncryptionKey();
        if (!kek.rotatable()) {
            throw new ConflictException("This key-encryption key is kept in a KMS: rotate it there, then call"
                    + " POST /api/v1/admin/key-encryption-key/rewrap");
        }
        String previous = kek.kekId();
        kek.rotate();
        return rewrap(previous);
    }

    /** Rewraps every keyset not yet wrapped by the current KEK version (after a rotation in a KMS, or to resume). */
    public Rewrapped rewrap(Caller caller) {
        caller.requirePlatformAdmin(REFUSAL);
        return rewrap(keyRing.keyEncryptionKey().kekId());
    }

    private Rewrapped rewrap(String previous) {
        KeyRing.Rewrap r = keyRing.rewrapAll();
        LOG.info(() -> "Key-encryption key " + r.kekId() + ": " + r.rewrapped() + " tenant keysets rewrapped, "
                + r.alreadyCurrent() + " already current" + (r.failedTenants().isEmpty() ? ""
                        : ", failed for tenants " + r.failedTenants() + " (call rewrap again)"));
        return new Rewrapped(previous, r.kekId(), r.rewrapped(), r.alreadyCurrent(), r.failedTenants());
    }
}
