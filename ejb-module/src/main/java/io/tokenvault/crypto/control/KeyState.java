package io.tokenvault.crypto.control;

/** The state of one data key in a {@link TenantKeyset}. */
public enum KeyState {
    /** Encrypts new values and decrypts. Exactly one key of a keyset is primary. */
    PRIMARY,
    /** Decrypts values it encrypted earlier; encrypts nothing new. */
    ENABLED,
    /** Kept, but decrypts nothing until enabled again. */
    DISABLED,
    /** Its material is gone; values it encrypted are unreadable forever. Only the id is remembered. */
    DESTROYED
}
