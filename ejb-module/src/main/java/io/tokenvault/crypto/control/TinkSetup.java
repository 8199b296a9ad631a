package io.tokenvault.crypto.control;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import java.security.GeneralSecurityException;

/**
 * Registers Tink's AEAD key types once per class loader: generating keys needs the registration, and primitives come
 * from the configuration it backs.
 */
final class TinkSetup {

    private TinkSetup() {
    }

    /** The configuration to pass to {@code KeysetHandle.getPrimitive}, with the AEAD key types registered. */
    static Configuration configuration() throws GeneralSecurityException {
        return Holder.CONFIGURATION;
    }

    /** Makes sure the AEAD key types are registered before a key is generated. */
    static void registerAead() throws GeneralSecurityException {
        configuration();
    }

    // Holder idiom: registration runs once, lazily, and its failure surfaces as an error on first use.
    private static final class Holder {
        private static final Configuration CONFIGURATION = register();

        private static Configuration register() {
            try {
                AeadConfig.register();
                return RegistryConfiguration.get();
            } catch (GeneralSecurityException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
