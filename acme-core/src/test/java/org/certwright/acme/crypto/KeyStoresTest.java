package org.certwright.acme.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyStoresTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "RSA_2048", "ED25519"})
    void holdsTheKeyAndChain(KeyType type) throws Exception {
        KeyPair key = Keys.of(type);
        List<X509Certificate> chain = chain(key);

        KeyStore store = KeyStores.pkcs12(key.getPrivate(), chain, "server", PASSWORD);

        assertThat(store.getType()).isEqualToIgnoringCase("PKCS12");
        assertThat(Collections.list(store.aliases())).containsExactly("server");
        assertThat(store.getKey("server", PASSWORD).getEncoded()).isEqualTo(key.getPrivate().getEncoded());
        assertThat(store.getCertificateChain("server")).containsExactlyElementsOf(chain);
    }

    @Test
    void writesAFileThatLoadsBack() throws Exception {
        KeyPair key = Keys.of(KeyType.EC_P256);
        List<X509Certificate> chain = chain(key);
        Path file = dir.resolve("tls/server.p12");

        KeyStores.writePkcs12(file, key.getPrivate(), chain, "server", PASSWORD);

        KeyStore loaded = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            loaded.load(in, PASSWORD);
        }
        assertThat(loaded.getKey("server", PASSWORD).getEncoded()).isEqualTo(key.getPrivate().getEncoded());
        assertThat(loaded.getCertificateChain("server")).containsExactlyElementsOf(chain);
        assertThatThrownBy(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore.getInstance("PKCS12").load(in, "wrong".toCharArray());
            }
        }).isInstanceOf(IOException.class);
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void acceptsAnEmptyPassword() throws Exception {
        KeyPair key = Keys.of(KeyType.EC_P256);

        KeyStore store = KeyStores.pkcs12(key.getPrivate(), chain(key), "a", new char[0]);

        assertThat(store.getKey("a", new char[0])).isNotNull();
    }

    @Test
    void rejectsAKeyThatDoesNotMatchTheCertificate() {
        List<X509Certificate> chain = chain(Keys.of(KeyType.EC_P256));

        assertThatThrownBy(() -> KeyStores.pkcs12(KeyType.EC_P256.generate().getPrivate(), chain, "a", PASSWORD))
                .isInstanceOf(InvalidKeyMaterialException.class)
                .hasMessageStartingWith("the private key does not match the first certificate");
    }

    @Test
    void rejectsAnEmptyChainOrBlankAlias() {
        KeyPair key = Keys.of(KeyType.EC_P256);

        assertThatThrownBy(() -> KeyStores.pkcs12(key.getPrivate(), List.of(), "a", PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("certificate chain is empty");
        assertThatThrownBy(() -> KeyStores.pkcs12(key.getPrivate(), chain(key), " ", PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key store alias is blank");
    }

    @Test
    void writesNothingWhenTheKeyIsWrong() {
        Path file = dir.resolve("server.p12");
        List<X509Certificate> chain = chain(Keys.of(KeyType.EC_P256));

        assertThatThrownBy(() -> KeyStores.writePkcs12(file, Keys.of(KeyType.EC_P384).getPrivate(), chain, "a", PASSWORD))
                .isInstanceOf(InvalidKeyMaterialException.class);
        assertThat(file).doesNotExist();
    }

    private static List<X509Certificate> chain(KeyPair leafKey) {
        KeyPair caKey = Keys.of(KeyType.EC_P384);
        X509Certificate ca = TestCertificates.selfSigned("Test CA", caKey);
        return List.of(TestCertificates.issue("example.com", leafKey.getPublic(), "Test CA", caKey), ca);
    }
}
