package io.tokenvault.crypto.control;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;

/** An in-memory key-encryption key, for tests that need one but not its file. */
final class SampleKeyEncryptionKeySource implements KeyEncryptionKeySource {

    private final Aead aead;
    private final String kekId;

    private SampleKeyEncryptionKeySource(Aead aead, String kekId) {
        this.aead = aead;
        this.kekId = kekId;
    }

    static SampleKeyEncryptionKeySource generate() {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            return new SampleKeyEncryptionKeySource(handle.getPrimitive(TinkSetup.configuration(), Aead.class),
                    "sample:" + Integer.toUnsignedString(handle.getPrimary().getId()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String kekId() {
        return kekId;
    }

    @Override
    public Aead aead() {
        return aead;
    }
}
