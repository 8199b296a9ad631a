package io.tokenvault.crypto.control;

import java.util.Objects;

/**
 * A data key's id and state, without its material.
 *
 * @param keyId Tink's key id, the same number {@link Sealed#keyId()} records; may be negative (it is an unsigned
 *        32-bit number in Tink's wire format)
 * @param state the key's state
 */
public record KeyInfo(int keyId, KeyState state) {

    public KeyInfo {
        Objects.requireNonNull(state, "state");
    }
}
