package io.tokenvault.crypto.control;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One tenant's data keys: a Tink keyset of AES-256-GCM keys, exactly one of them primary, plus the ids of the keys
 * destroyed so far. It encrypts the tenant's secrets into {@link Sealed} values and decrypts them again.
 *
 * <p>Key lifecycle, as the rotation batch job uses it: {@link #rotate()} adds a new primary key (older keys still
 * decrypt); the job re-encrypts every row not under the primary; {@link #disable(int)} then takes an old key out of
 * use reversibly ({@link #enable(int)}), and {@link #destroy(int)} removes its material for good, once no row uses it.
 * Destroying every key of a tenant's keyset (or the wrapped keyset itself) crypto-shreds the tenant.
 *
 * <p>The keyset is stored only {@linkplain #wrap wrapped} by a key-encryption key, bound to its tenant. The wrapped
 * form is: a version byte ({@code 1}), the number of destroyed keys and their ids (big-endian 32-bit each), then
 * Tink's encrypted keyset. That clear header is authenticated as part of the wrapping's associated data.
 *
 * <p>Instances are immutable and thread-safe: key operations return a new instance and leave this one unchanged, so
 * concurrent readers never see a half-changed keyset. Each instance builds its Tink {@code Aead} once; encrypting and
 * decrypting allocate no primitives. Whoever holds the current instance (the key ring) stores the new one, wrapped,
 * and then publishes it, e.g. through a {@code volatile} field or a concurrent map.
 */
public final class TenantKeyset {

    private static final byte TINK_PREFIX_START = 0x01;
    private static final int TINK_PREFIX_SIZE = 5;
    private static final byte WRAP_FORMAT_VERSION = 1;
    private static final int AES_256_KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeysetHandle handle;
    private final List<Integer> destroyedKeyIds;
    private final Map<Integer, KeyState> states;
    private final List<KeyInfo> keys;
    private final int primaryKeyId;
    private final Aead aead;

    private TenantKeyset(KeysetHandle handle, List<Integer> destroyedKeyIds) throws GeneralSecurityException {
        Map<Integer, KeyState> states = new LinkedHashMap<>();
        for (int i = 0; i < handle.size(); i++) {
            KeysetHandle.Entry entry = handle.getAt(i);
            requireAes256GcmWithIdPrefix(entry);
            if (states.put(entry.getId(), stateOf(entry)) != null) {
                throw new GeneralSecurityException("key id " + entry.getId() + " appears twice in the keyset");
            }
        }
        for (int id : destroyedKeyIds) {
            if (states.putIfAbsent(id, KeyState.DESTROYED) != null) {
                throw new GeneralSecurityException("key id " + id + " is both in the keyset and destroyed");
            }
        }
        List<KeyInfo> keys = new ArrayList<>(states.size());
        states.forEach((id, state) -> keys.add(new KeyInfo(id, state)));
        this.handle = handle;
        this.destroyedKeyIds = List.copyOf(destroyedKeyIds);
        this.states = Collections.unmodifiableMap(states);
        this.keys = List.copyOf(keys);
        this.primaryKeyId = handle.getPrimary().getId();
        this.aead = handle.getPrimitive(TinkSetup.configuration(), Aead.class);
    }

    /** A new keyset with one primary AES-256-GCM key. */
    public static TenantKeyset generate() {
        try {
            KeysetHandle handle = KeysetHandle.newBuilder()
                    .addEntry(newKeyEntry(Map.of()).makePrimary())
                    .build();
            return new TenantKeyset(handle, List.of());
        } catch (GeneralSecurityException e) {
            throw new EncryptionException("Cannot generate a tenant keyset", e);
        }
    }

    /**
     * Reads a keyset written by {@link #wrap}.
     *
     * @param kek the source holding the key-encryption key that wrapped it (or a newer version of it)
     * @param tenantId the tenant the keyset was wrapped for
     * @param wrapped the stored bytes
     * @throws KeysetUnwrapException if the keyset was wrapped for another tenant or by a KEK the source does not
     *         hold, or is corrupt
     */
    public static TenantKeyset unwrap(KeyEncryptionKeySource kek, String tenantId, byte[] wrapped) {
        Objects.requireNonNull(kek, "kek");
        Objects.requireNonNull(wrapped, "wrapped");
        ByteBuffer in = ByteBuffer.wrap(wrapped);
        List<Integer> destroyed = new ArrayList<>();
        byte[] header;
        try {
            byte version = in.get();
            if (version != WRAP_FORMAT_VERSION) {
                throw new KeysetUnwrapException("The keyset of tenant " + tenantId
                        + " has an unknown wrapping format version " + version);
            }
            int count = in.getInt();
            if (count < 0 || count > in.remaining() / Integer.BYTES) {
                throw new KeysetUnwrapException("The wrapped keyset of tenant " + tenantId + " is corrupt");
            }
            for (int i = 0; i < count; i++) {
                destroyed.add(in.getInt());
            }
            header = Arrays.copyOf(wrapped, in.position());
        } catch (BufferUnderflowException e) {
            throw new KeysetUnwrapException("The wrapped keyset of tenant " + tenantId + " is truncated");
        }
        byte[] encrypted = Arrays.copyOfRange(wrapped, in.position(), wrapped.length);
        byte[] associatedData = AssociatedData.forWrappedKeyset(tenantId, header);
        KeysetHandle handle;
        try {
            handle = TinkProtoKeysetFormat.parseEncryptedKeyset(encrypted, kek.aead(), associatedData);
        } catch (GeneralSecurityException e) {
            throw new KeysetUnwrapException("Cannot unwrap the keyset of tenant " + tenantId + " with "
                    + kek.kekId() + ": it belongs to another tenant, was wrapped by a key-encryption key this"
                    + " source does not hold, or is corrupt", e);
        }
        try {
            return new TenantKeyset(handle, destroyed);
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw new KeysetUnwrapException("The keyset of tenant " + tenantId + " is not a valid AES-256-GCM keyset",
                    e);
        }
    }

    /**
     * The keyset encrypted by {@code kek} for storage, bound to {@code tenantId}: unwrapping it for another tenant
     * fails. Record {@code kek.kekId()}, read before this call, beside it.
     *
     * @throws EncryptionException if the key-encryption key fails
     */
    public byte[] wrap(KeyEncryptionKeySource kek, String tenantId) {
        Objects.requireNonNull(kek, "kek");
        ByteBuffer header = ByteBuffer.allocate(1 + Integer.BYTES * (1 + destroyedKeyIds.size()))
                .put(WRAP_FORMAT_VERSION)
                .putInt(destroyedKeyIds.size());
        destroyedKeyIds.forEach(header::putInt);
        byte[] associatedData = AssociatedData.forWrappedKeyset(tenantId, header.array());
        byte[] encrypted;
        try {
            encrypted = TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, kek.aead(), associatedData);
        } catch (GeneralSecurityException e) {
            throw new EncryptionException("Cannot wrap the keyset of tenant " + tenantId + " with " + kek.kekId(), e);
        }
        return ByteBuffer.allocate(header.capacity() + encrypted.length)
                .put(header.array())
                .put(encrypted)
                .array();
    }

    /**
     * Encrypts with the primary key.
     *
     * @param associatedData what the value is bound to, normally {@link AssociatedData#toBytes()}; the same bytes
     *        are needed to decrypt
     * @return the ciphertext and the primary key's id, which is also the ciphertext's prefix
     * @throws EncryptionException if the crypto provider fails
     */
    public Sealed encrypt(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        byte[] ciphertext;
        try {
            ciphertext = aead.encrypt(plaintext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new EncryptionException("Cannot encrypt with key " + primaryKeyId, e);
        }
        if (!hasIdPrefix(ciphertext) || prefixKeyId(ciphertext) != primaryKeyId) {
            throw new IllegalStateException("Tink did not encrypt with the primary key " + primaryKeyId);
        }
        return new Sealed(primaryKeyId, ciphertext);
    }

    /** Encrypts with the primary key, bound to {@code associatedData}. */
    public Sealed encrypt(byte[] plaintext, AssociatedData associatedData) {
        return encrypt(plaintext, associatedData.toBytes());
    }

    /** Encrypts a held secret with the primary key, e.g. to re-encrypt it under a new key. */
    public Sealed encrypt(SecretValue plaintext, AssociatedData associatedData) {
        return encrypt(plaintext.bytes(), associatedData.toBytes());
    }

    /**
     * Decrypts a value encrypted by any live key of this keyset.
     *
     * @param associatedData the bytes given when it was encrypted
     * @return the plaintext in a holder the caller closes
     * @throws DecryptionException if the recorded key id does not match the ciphertext, the key is unknown, disabled
     *         or destroyed, or the ciphertext or associated data differ from what was encrypted
     */
    public SecretValue decrypt(Sealed sealed, byte[] associatedData) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(associatedData, "associatedData");
        byte[] ciphertext = sealed.ciphertext();
        int recorded = sealed.keyId();
        if (!hasIdPrefix(ciphertext)) {
            throw new DecryptionException(DecryptionException.Reason.MALFORMED_CIPHERTEXT, recorded,
                    "Cannot decrypt: the ciphertext recorded under key " + recorded + " is not a Tink ciphertext");
        }
        int prefixed = prefixKeyId(ciphertext);
        if (prefixed != recorded) {
            throw new DecryptionException(DecryptionException.Reason.KEY_ID_MISMATCH, recorded,
                    "Cannot decrypt: the recorded key id " + recorded + " differs from the ciphertext's key id "
                            + prefixed);
        }
        KeyState state = states.get(recorded);
        if (state == null) {
            throw new DecryptionException(DecryptionException.Reason.UNKNOWN_KEY, recorded,
                    "Cannot decrypt: key " + recorded + " is not in this keyset (another tenant's value?)");
        }
        if (state == KeyState.DESTROYED) {
            throw new DecryptionException(DecryptionException.Reason.KEY_DESTROYED, recorded,
                    "Cannot decrypt: key " + recorded + " was destroyed; the value is lost");
        }
        if (state == KeyState.DISABLED) {
            throw new DecryptionException(DecryptionException.Reason.KEY_DISABLED, recorded,
                    "Cannot decrypt: key " + recorded + " is disabled");
        }
        try {
            return new SecretValue(aead.decrypt(ciphertext, associatedData));
        } catch (GeneralSecurityException e) {
            throw new DecryptionException(DecryptionException.Reason.AUTHENTICATION_FAILED, recorded,
                    "Cannot decrypt with key " + recorded + ": the value was tampered with or belongs to another"
                            + " tenant, purpose or row", e);
        }
    }

    /** Decrypts a value bound to {@code associatedData}; see {@link #decrypt(Sealed, byte[])}. */
    public SecretValue decrypt(Sealed sealed, AssociatedData associatedData) {
        return decrypt(sealed, associatedData.toBytes());
    }

    /**
     * A copy of this keyset with a new AES-256-GCM key as primary. The previous primary stays enabled, so everything
     * encrypted before still decrypts. The new key's id is {@link #primaryKeyId()} of the result.
     */
    public TenantKeyset rotate() {
        try {
            KeysetHandle rotated = KeysetHandle.newBuilder(handle)
                    .addEntry(newKeyEntry(states).makePrimary())
                    .build();
            return new TenantKeyset(rotated, destroyedKeyIds);
        } catch (GeneralSecurityException e) {
            throw new EncryptionException("Cannot add a key to the keyset", e);
        }
    }

    /**
     * A copy of this keyset in which key {@code keyId} decrypts nothing until {@linkplain #enable enabled} again.
     * Disabling a disabled key changes nothing.
     *
     * @throws KeyStateException if the key is the primary, destroyed, or not in the keyset
     */
    public TenantKeyset disable(int keyId) {
        KeyState state = requireKnown(keyId);
        if (state == KeyState.PRIMARY) {
            throw new KeyStateException(keyId,
                    "Key " + keyId + " is the primary key and cannot be disabled; rotate to a new key first");
        }
        if (state == KeyState.DESTROYED) {
            throw new KeyStateException(keyId, "Key " + keyId + " is destroyed");
        }
        return state == KeyState.DISABLED ? this : withStatus(keyId, KeyStatus.DISABLED);
    }

    /**
     * A copy of this keyset in which the disabled key {@code keyId} decrypts again. Enabling an enabled key changes
     * nothing.
     *
     * @throws KeyStateException if the key is destroyed or not in the keyset
     */
    public TenantKeyset enable(int keyId) {
        KeyState state = requireKnown(keyId);
        if (state == KeyState.DESTROYED) {
            throw new KeyStateException(keyId, "Key " + keyId + " is destroyed and cannot be enabled again");
        }
        return state == KeyState.DISABLED ? withStatus(keyId, KeyStatus.ENABLED) : this;
    }

    /**
     * A copy of this keyset without the material of key {@code keyId}: values it encrypted are unreadable forever.
     * Only its id is kept, as {@link KeyState#DESTROYED}. Destroying a destroyed key changes nothing. Once the new
     * keyset is wrapped and stored, the old wrapped form must not be kept (e.g. in backups) if the destruction is to
     * be final.
     *
     * @throws KeyStateException if the key is the primary or not in the keyset
     */
    public TenantKeyset destroy(int keyId) {
        KeyState state = requireKnown(keyId);
        if (state == KeyState.PRIMARY) {
            throw new KeyStateException(keyId,
                    "Key " + keyId + " is the primary key and cannot be destroyed; rotate to a new key first");
        }
        if (state == KeyState.DESTROYED) {
            return this;
        }
        // Tink's DESTROYED status would keep the material in the serialized keyset; deleting the entry does not.
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle).deleteAt(indexOf(keyId));
        List<Integer> destroyed = new ArrayList<>(destroyedKeyIds);
        destroyed.add(keyId);
        try {
            return new TenantKeyset(builder.build(), destroyed);
        } catch (GeneralSecurityException e) {
            throw new EncryptionException("Cannot remove key " + keyId + " from the keyset", e);
        }
    }

    /** The keys in the order they were added, followed by the destroyed ones in the order they were destroyed. */
    public List<KeyInfo> keys() {
        return keys;
    }

    /** The key with this id, live or destroyed. */
    public Optional<KeyInfo> findKey(int keyId) {
        KeyState state = states.get(keyId);
        return state == null ? Optional.empty() : Optional.of(new KeyInfo(keyId, state));
    }

    /** The id of the key that encrypts new values. */
    public int primaryKeyId() {
        return primaryKeyId;
    }

    @Override
    public String toString() {
        return "TenantKeyset[primaryKeyId=" + primaryKeyId + ", keys=" + keys + "]";
    }

    /** The Tink keyset, for tests that inspect what a wrapped keyset would contain. */
    KeysetHandle handle() {
        return handle;
    }

    private static KeysetHandle.Builder.Entry newKeyEntry(Map<Integer, KeyState> taken)
            throws GeneralSecurityException {
        TinkSetup.registerAead();
        // Positive ids read better in URLs and columns; ids of destroyed keys are never reused, so a ciphertext
        // made by a destroyed key can never be mistaken for one of a new key.
        int id;
        do {
            id = 1 + RANDOM.nextInt(Integer.MAX_VALUE);
        } while (taken.containsKey(id));
        return KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withFixedId(id);
    }

    private TenantKeyset withStatus(int keyId, KeyStatus status) {
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle);
        builder.getAt(indexOf(keyId)).setStatus(status);
        try {
            return new TenantKeyset(builder.build(), destroyedKeyIds);
        } catch (GeneralSecurityException e) {
            throw new EncryptionException("Cannot change the status of key " + keyId, e);
        }
    }

    private KeyState requireKnown(int keyId) {
        KeyState state = states.get(keyId);
        if (state == null) {
            throw new KeyStateException(keyId, "Key " + keyId + " is not in this keyset");
        }
        return state;
    }

    private int indexOf(int keyId) {
        for (int i = 0; i < handle.size(); i++) {
            if (handle.getAt(i).getId() == keyId) {
                return i;
            }
        }
        throw new KeyStateException(keyId, "Key " + keyId + " is not in this keyset");
    }

    private static KeyState stateOf(KeysetHandle.Entry entry) {
        if (entry.isPrimary()) {
            return KeyState.PRIMARY;
        }
        if (KeyStatus.ENABLED.equals(entry.getStatus())) {
            return KeyState.ENABLED;
        }
        if (KeyStatus.DISABLED.equals(entry.getStatus())) {
            return KeyState.DISABLED;
        }
        return KeyState.DESTROYED;
    }

    // The key id column and decryption errors rely on Tink's 5-byte key-id prefix, so only such keys are accepted.
    private static void requireAes256GcmWithIdPrefix(KeysetHandle.Entry entry) throws GeneralSecurityException {
        if (!(entry.getKey() instanceof AesGcmKey key)
                || key.getParameters().getKeySizeBytes() != AES_256_KEY_BYTES
                || !AesGcmParameters.Variant.TINK.equals(key.getParameters().getVariant())) {
            throw new GeneralSecurityException("key " + entry.getId() + " is not AES-256-GCM with a key-id prefix");
        }
    }

    private static boolean hasIdPrefix(byte[] ciphertext) {
        return ciphertext.length >= TINK_PREFIX_SIZE && ciphertext[0] == TINK_PREFIX_START;
    }

    private static int prefixKeyId(byte[] ciphertext) {
        return ByteBuffer.wrap(ciphertext, 1, Integer.BYTES).getInt();
    }
}
