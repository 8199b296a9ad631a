package io.tokenvault.crypto.control;

import com.google.crypto.tink.Aead;

/**
 * Plug point for the key-encryption key (KEK) that wraps tenant keysets before they are stored in the database.
 *
 * <p>The embedded default is {@link FileKeyEncryptionKeySource}, a key file in the server's data directory.
 * Production deployments plug in a KMS (an {@code Aead} from Tink's GCP or AWS KMS integration, or an HSM), and an
 * enterprise tenant may bring its own source. The source never sees data: it only wraps and unwraps keysets, once
 * per tenant when the keyset is loaded or rewrapped, so a remote call per operation is acceptable.
 *
 * <p>Contract for implementations:
 * <ul>
 * <li>{@link #aead()} encrypts with the current KEK and decrypts anything any KEK version it still holds encrypted,
 * so that rotating the KEK never makes stored keysets unreadable; rewrapping them is a separate, later step.</li>
 * <li>{@link #kekId()} names the KEK version {@code aead()} currently encrypts with. It is stable across restarts and
 * changes when the KEK rotates, so that each stored keyset can record which KEK wrapped it and "keysets not wrapped by
 * the current KEK" is a query.</li>
 * <li>Both methods are safe to call from many threads and return quickly; the {@code Aead} may be cached by callers.
 * </li>
 * <li>Failures to reach the key are reported as {@link KeyEncryptionKeyUnavailableException}; messages never contain
 * key material.</li>
 * </ul>
 */
public interface KeyEncryptionKeySource {

    /**
     * The id of the KEK that {@link #aead()} currently encrypts with, e.g. {@code file:2087142213} or a KMS key
     * version's resource name. Read it <em>before</em> wrapping: if the KEK rotates in between, the recorded id is
     * the older one and the keyset is merely rewrapped once more, never skipped.
     */
    String kekId();

    /**
     * The AEAD that wraps (encrypts with the current KEK) and unwraps (with any KEK version still held) tenant
     * keysets. Callers pass the tenant binding as associated data.
     */
    Aead aead();

    /**
     * Whether {@link #rotate()} can make a new KEK version current from here. The embedded key file can; a KMS-backed
     * source is rotated in the KMS (where its key policy lives), after which the keysets are rewrapped from here.
     */
    default boolean rotatable() {
        return false;
    }

    /**
     * Makes a new KEK version current and returns its {@link #kekId()}; keysets wrapped before still unwrap.
     *
     * @throws UnsupportedOperationException if the source is not {@link #rotatable()}
     */
    default String rotate() {
        throw new UnsupportedOperationException("This key-encryption key is rotated where it is kept (the KMS)");
    }
}
