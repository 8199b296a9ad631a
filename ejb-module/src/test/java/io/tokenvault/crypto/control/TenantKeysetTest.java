package io.tokenvault.crypto.control;

import static io.tokenvault.crypto.control.AssociatedData.REFRESH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import io.tokenvault.crypto.control.DecryptionException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantKeysetTest {

    private static final AssociatedData ROW = AssociatedData.of("acme", REFRESH_TOKEN, "42");
    private static final byte[] TOKEN = "1//0refresh-token-of-acme-row-42".getBytes(StandardCharsets.UTF_8);

    private final TenantKeyset keyset = TenantKeyset.generate();

    @Test
    void decryptsWhatItEncrypted() {
        Sealed sealed = keyset.encrypt(TOKEN, ROW);

        try (SecretValue plain = keyset.decrypt(sealed, ROW)) {
            assertThat(plain.revealBytes()).isEqualTo(TOKEN);
        }
        assertThat(contains(sealed.ciphertext(), TOKEN)).as("plaintext in the ciphertext").isFalse();
    }

    @Test
    void recordsThePrimaryKeyIdThatPrefixesTheCiphertext() {
        Sealed sealed = keyset.encrypt(TOKEN, ROW);

        assertThat(sealed.keyId()).isEqualTo(keyset.primaryKeyId()).isPositive();
        assertThat(sealed.ciphertext()[0]).isEqualTo((byte) 1);
        assertThat(ByteBuffer.wrap(sealed.ciphertext(), 1, 4).getInt()).isEqualTo(sealed.keyId());
        assertThat(keyset.keys()).containsExactly(new KeyInfo(keyset.primaryKeyId(), KeyState.PRIMARY));
    }

    @Test
    void valueMovedToAnotherTenantPurposeOrRowFailsToDecrypt() {
        Sealed sealed = keyset.encrypt(TOKEN, ROW);

        for (AssociatedData elsewhere : List.of(
                AssociatedData.of("other-tenant", REFRESH_TOKEN, "42"),
                AssociatedData.of("acme", AssociatedData.ACCESS_TOKEN, "42"),
                AssociatedData.of("acme", REFRESH_TOKEN, "43"))) {
            assertThatThrownBy(() -> keyset.decrypt(sealed, elsewhere))
                    .isInstanceOfSatisfying(DecryptionException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED));
        }
    }

    @Test
    void valueOfAnotherTenantsKeysetIsUnknown() {
        Sealed foreign = TenantKeyset.generate().encrypt(TOKEN, ROW);

        assertThatThrownBy(() -> keyset.decrypt(foreign, ROW))
                .isInstanceOfSatisfying(DecryptionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    }

    @Test
    void recordedKeyIdMustMatchTheCiphertext() {
        TenantKeyset rotated = keyset.rotate();
        Sealed fresh = rotated.encrypt(TOKEN, ROW);
        Sealed mislabelled = new Sealed(keyset.primaryKeyId(), fresh.ciphertext());

        assertThatThrownBy(() -> rotated.decrypt(mislabelled, ROW))
                .isInstanceOfSatisfying(DecryptionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.KEY_ID_MISMATCH));
    }

    @Test
    void tamperedOrMalformedCiphertextFails() {
        Sealed sealed = keyset.encrypt(TOKEN, ROW);
        byte[] tampered = sealed.ciphertext().clone();
        tampered[tampered.length - 1] ^= 1;

        assertThatThrownBy(() -> keyset.decrypt(new Sealed(sealed.keyId(), tampered), ROW))
                .isInstanceOfSatisfying(DecryptionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED));
        assertThatThrownBy(() -> keyset.decrypt(new Sealed(sealed.keyId(), new byte[] {1, 2}), ROW))
                .isInstanceOfSatisfying(DecryptionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_CIPHERTEXT));
    }

    @Test
    void rotationEncryptsWithTheNewKeyAndStillDecryptsOldValues() {
        int oldKey = keyset.primaryKeyId();
        Sealed old = keyset.encrypt(TOKEN, ROW);

        TenantKeyset rotated = keyset.rotate();
        Sealed fresh = rotated.encrypt(TOKEN, ROW);

        assertThat(rotated.primaryKeyId()).isNotEqualTo(oldKey);
        assertThat(fresh.keyId()).isEqualTo(rotated.primaryKeyId());
        try (SecretValue plain = rotated.decrypt(old, ROW)) {
            assertThat(plain.revealBytes()).isEqualTo(TOKEN);
        }
        assertThat(rotated.keys()).containsExactly(
                new KeyInfo(oldKey, KeyState.ENABLED), new KeyInfo(rotated.primaryKeyId(), KeyState.PRIMARY));
        assertThat(keyset.keys()).as("the original is unchanged")
                .containsExactly(new KeyInfo(oldKey, KeyState.PRIMARY));
    }

    @Test
    void reencryptsAHeldSecretUnderTheNewPrimary() {
        Sealed old = keyset.encrypt(TOKEN, ROW);
        TenantKeyset rotated = keyset.rotate();

        Sealed reencrypted;
        try (SecretValue plain = rotated.decrypt(old, ROW)) {
            reencrypted = rotated.encrypt(plain, ROW);
        }

        assertThat(reencrypted.keyId()).isEqualTo(rotated.primaryKeyId()).isNotEqualTo(old.keyId());
        try (SecretValue plain = rotated.decrypt(reencrypted, ROW)) {
            assertThat(plain.revealBytes()).isEqualTo(TOKEN);
        }
    }

    @Test
    void disabledKeyDecryptsNothingUntilEnabledAgain() {
        Sealed old = keyset.encrypt(TOKEN, ROW);
        TenantKeyset rotated = keyset.rotate();

        TenantKeyset disabled = rotated.disable(old.keyId());

        assertThat(disabled.findKey(old.keyId())).contains(new KeyInfo(old.keyId(), KeyState.DISABLED));
        assertThatThrownBy(() -> disabled.decrypt(old, ROW))
                .isInstanceOfSatisfying(DecryptionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.KEY_DISABLED));
        TenantKeyset enabled = disabled.enable(old.keyId());
        try (SecretValue plain = enabled.decrypt(old, ROW)) {
            assertThat(plain.revealBytes()).isEqualTo(TOKEN);
        }
        assertThat(enabled.findKey(old.keyId())).contains(new KeyInfo(old.keyId(), KeyState.ENABLED));
    }

    @Test
    void destroyedKeyIsGoneForever() throws GeneralSecurityException {
        Sealed old = keyset.encrypt(TOKEN, ROW);
        byte[] material = ((AesGcmKey) keyset.handle().getPrimary().getKey()).getKeyBytes()
                .toByteArray(InsecureSecretKeyAccess.get());
        SampleKeyEncryptionKeySource kek = SampleKeyEncryptionKeySource.generate();

        TenantKeyset destroyed = keyset.rotate().destroy(old.keyId());
        TenantKeyset reloaded = TenantKeyset.unwrap(kek, "acme", destroyed.wrap(kek, "acme"));

        for (TenantKeyset k : List.of(destroyed, reloaded)) {
            assertThat(k.findKey(old.keyId())).contains(new KeyInfo(old.keyId(), KeyState.DESTROYED));
            assertThatThrownBy(() -> k.decrypt(old, ROW))
                    .isInstanceOfSatisfying(DecryptionException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.KEY_DESTROYED));
            assertThatThrownBy(() -> k.enable(old.keyId())).isInstanceOf(KeyStateException.class);
            assertThatThrownBy(() -> k.disable(old.keyId())).isInstanceOf(KeyStateException.class);
            assertThat(k.destroy(old.keyId())).isSameAs(k);
            byte[] serialized = TinkProtoKeysetFormat.serializeKeyset(k.handle(), InsecureSecretKeyAccess.get());
            assertThat(contains(serialized, material)).as("key material left in the keyset").isFalse();
        }
    }

    @Test
    void rotationNeverReusesTheIdOfADestroyedKey() {
        TenantKeyset k = keyset;
        for (int i = 0; i < 20; i++) {
            int previous = k.primaryKeyId();
            k = k.rotate().destroy(previous);
        }

        assertThat(k.keys()).hasSize(21).extracting(KeyInfo::keyId).doesNotHaveDuplicates();
        assertThat(k.keys()).filteredOn(info -> info.state() == KeyState.DESTROYED).hasSize(20);
    }

    @Test
    void primaryKeyCannotBeDisabledOrDestroyed() {
        int primary = keyset.primaryKeyId();

        assertThatThrownBy(() -> keyset.disable(primary))
                .isInstanceOf(KeyStateException.class).hasMessageContaining("primary");
        assertThatThrownBy(() -> keyset.destroy(primary))
                .isInstanceOf(KeyStateException.class).hasMessageContaining("primary");
        assertThatThrownBy(() -> keyset.destroy(primary + 1))
                .isInstanceOfSatisfying(KeyStateException.class, e -> assertThat(e.keyId()).isEqualTo(primary + 1));
    }

    @Test
    void wrappedKeysetUnwrapsForItsTenantOnly() {
        SampleKeyEncryptionKeySource kek = SampleKeyEncryptionKeySource.generate();
        TenantKeyset rotated = keyset.rotate();
        Sealed old = keyset.encrypt(TOKEN, ROW);
        byte[] wrapped = rotated.wrap(kek, "acme");

        TenantKeyset unwrapped = TenantKeyset.unwrap(kek, "acme", wrapped);

        assertThat(unwrapped.keys()).isEqualTo(rotated.keys());
        try (SecretValue plain = unwrapped.decrypt(old, ROW)) {
            assertThat(plain.revealBytes()).isEqualTo(TOKEN);
        }
        assertThatThrownBy(() -> TenantKeyset.unwrap(kek, "globex", wrapped))
                .isInstanceOf(KeysetUnwrapException.class).hasMessageContaining("globex");
        assertThatThrownBy(() -> TenantKeyset.unwrap(SampleKeyEncryptionKeySource.generate(), "acme", wrapped))
                .isInstanceOf(KeysetUnwrapException.class);
    }

    @Test
    void tamperingWithTheWrappedHeaderFailsToUnwrap() {
        SampleKeyEncryptionKeySource kek = SampleKeyEncryptionKeySource.generate();
        TenantKeyset rotated = keyset.rotate();
        byte[] wrapped = rotated.destroy(keyset.primaryKeyId()).wrap(kek, "acme");
        byte[] forged = wrapped.clone();
        forged[5 + 3] ^= 1; // the recorded id of the destroyed key

        assertThatThrownBy(() -> TenantKeyset.unwrap(kek, "acme", forged)).isInstanceOf(KeysetUnwrapException.class);
        assertThatThrownBy(() -> TenantKeyset.unwrap(kek, "acme", Arrays.copyOf(wrapped, 3)))
                .isInstanceOf(KeysetUnwrapException.class);
        assertThatThrownBy(() -> TenantKeyset.unwrap(kek, "acme", new byte[0]))
                .isInstanceOf(KeysetUnwrapException.class);
    }

    @Test
    void sealedComparesContentAndPrintsNoCiphertext() {
        Sealed sealed = keyset.encrypt(TOKEN, ROW);
        Sealed copy = new Sealed(sealed.keyId(), sealed.ciphertext().clone());

        assertThat(copy).isEqualTo(sealed).hasSameHashCodeAs(sealed);
        assertThat(sealed.toString())
                .isEqualTo("Sealed[keyId=" + sealed.keyId() + ", ciphertext=" + sealed.ciphertext().length + " bytes]");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
