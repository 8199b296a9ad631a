package io.tokenvault.crypto.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure this package reports is safe to log: no plaintext, ciphertext or key material in any message. */
class ExceptionMessagesTest {

    private static final String PLAINTEXT = "ya29.PLAINTEXT-access-token-5f1c";
    private static final AssociatedData ROW = AssociatedData.of("acme", AssociatedData.ACCESS_TOKEN, "9");

    @TempDir
    Path dataDir;

    @Test
    void noFailureMessageContainsPlaintextOrCiphertext() throws IOException {
        TenantKeyset keyset = TenantKeyset.generate();
        Sealed sealed = keyset.encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8), ROW);
        TenantKeyset rotated = keyset.rotate();
        byte[] tampered = sealed.ciphertext().clone();
        tampered[tampered.length - 1] ^= 1;
        FileKeyEncryptionKeySource kek = FileKeyEncryptionKeySource.open(dataDir);
        byte[] wrapped = rotated.wrap(kek, "acme");
        String kekFile = Files.readString(kek.file());
        Files.writeString(kek.file(), kekFile.substring(0, kekFile.length() / 2));

        List<Throwable> failures = new ArrayList<>();
        failures.add(catchThrowable(() -> keyset.decrypt(sealed, AssociatedData.of("globex", "access_token", "9"))));
        failures.add(catchThrowable(() -> keyset.decrypt(new Sealed(sealed.keyId(), tampered), ROW)));
        failures.add(catchThrowable(() -> keyset.decrypt(new Sealed(sealed.keyId() + 1, sealed.ciphertext()), ROW)));
        failures.add(catchThrowable(() -> TenantKeyset.generate().decrypt(sealed, ROW)));
        failures.add(catchThrowable(() -> rotated.disable(sealed.keyId()).decrypt(sealed, ROW)));
        failures.add(catchThrowable(() -> rotated.destroy(sealed.keyId()).decrypt(sealed, ROW)));
        failures.add(catchThrowable(() -> TenantKeyset.unwrap(kek, "globex", wrapped)));
        failures.add(catchThrowable(() -> FileKeyEncryptionKeySource.open(dataDir)));

        List<String> forbidden = List.of(
                PLAINTEXT,
                HexFormat.of().formatHex(sealed.ciphertext()).substring(10, 42),
                Base64.getEncoder().encodeToString(sealed.ciphertext()).substring(8, 40),
                Base64.getEncoder().encodeToString(wrapped).substring(12, 44),
                keyMaterialIn(kekFile));
        assertThat(failures).doesNotContainNull().hasSize(8);
        for (Throwable failure : failures) {
            assertThat(failure).isInstanceOf(CryptoException.class);
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage()) + t).doesNotContain(forbidden);
            }
        }
    }

    /** The base64 key value in a Tink JSON keyset file. */
    private static String keyMaterialIn(String json) {
        String marker = "\"value\":\"";
        int start = json.replace(" ", "").indexOf(marker);
        assertThat(start).as("key value in " + json.length() + " characters of JSON").isNotNegative();
        String compact = json.replace(" ", "");
        return compact.substring(start + marker.length(), start + marker.length() + 24);
    }
}
