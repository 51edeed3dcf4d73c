package org.certwright.acme.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.certwright.acme.Identifier;
import org.certwright.acme.TestPki;
import org.certwright.acme.crypto.InvalidKeyMaterialException;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.crypto.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateFilesTest {

    @TempDir
    Path base;

    private final KeyPair key = KeyType.EC_P256.generate();
    private final X509Certificate leaf = TestPki.shared().leaf(key.getPublic(), List.of(Identifier.dns("example.com")));
    private final List<X509Certificate> chain = TestPki.shared().chain(leaf);

    @Test
    void writesTheCertbotLayoutWithAnOwnerOnlyKeyAndContentThatReadsBack() throws Exception {
        char[] password = "secret".toCharArray();
        CertificateFiles files = CertificateFiles.builder(base).pkcs12(password).build();
        password[0] = 'X'; // the builder keeps its own copy

        CertificateFiles.WrittenFiles written = files.write("example.com", key.getPrivate(), chain);

        Path dir = base.resolve("example.com");
        assertThat(written.directory()).isEqualTo(dir);
        assertThat(Pem.readKeyPair(dir.resolve("privkey.pem")).getPublic()).isEqualTo(key.getPublic());
        assertThat(Pem.readCertificates(dir.resolve("cert.pem"))).containsExactly(leaf);
        assertThat(Pem.readCertificates(dir.resolve("chain.pem"))).containsExactly(chain.get(1));
        assertThat(Pem.readCertificates(dir.resolve("fullchain.pem"))).containsExactlyElementsOf(chain);

        assertThat(permissions(dir.resolve("privkey.pem"))).isEqualTo("rw-------");
        assertThat(permissions(dir.resolve("keystore.p12"))).isEqualTo("rw-------");
        assertThat(permissions(dir.resolve("cert.pem"))).isEqualTo("rw-r--r--");
        assertThat(permissions(dir.resolve("fullchain.pem"))).isEqualTo("rw-r--r--");
        assertThat(permissions(dir)).isEqualTo("rwx------");

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(written.pkcs12().orElseThrow())) {
            store.load(in, "secret".toCharArray());
        }
        assertThat(store.getKey("example.com", "secret".toCharArray())).isEqualTo(key.getPrivate());
        assertThat(List.of(store.getCertificateChain("example.com"))).containsExactlyElementsOf(List.<Certificate>copyOf(chain));
    }

    @Test
    void withoutAPasswordThereIsNoKeyStoreAndALoneCertificateHasAnEmptyChainFile() throws Exception {
        CertificateFiles.WrittenFiles written = CertificateFiles.builder(base).build()
                .write("solo", key.getPrivate(), List.of(leaf));

        assertThat(written.pkcs12()).isEmpty();
        assertThat(base.resolve("solo/keystore.p12")).doesNotExist();
        assertThat(Files.size(written.chain())).isZero();
        assertThat(Pem.readCertificates(written.fullChain())).containsExactly(leaf);
    }

    @Test
    void callbacksRunInOrderAfterEveryFileIsWrittenAndAFailureUndoesNothing() throws Exception {
        List<String> calls = new ArrayList<>();
        CertificateFiles files = CertificateFiles.builder(base).pkcs12(new char[0])
                .afterWrite(w -> {
                    calls.add("first");
                    // Everything is in place when a callback runs.
                    assertThat(Pem.readCertificates(w.fullChain()).get(0))
                            .isEqualTo(Pem.readCertificates(w.certificate()).get(0));
                    assertThat(Pem.readKeyPair(w.privateKey()).getPublic())
                            .isEqualTo(Pem.readCertificates(w.certificate()).get(0).getPublicKey());
                    assertThat(w.pkcs12().orElseThrow()).exists();
                })
                .afterWrite(w -> {
                    calls.add("failing");
                    throw new IOException("nginx: reload failed");
                })
                .afterWrite(w -> calls.add("third"))
                .build();

        CertificateFiles.WrittenFiles written = files.write("example.com", key.getPrivate(), chain);

        assertThat(calls).containsExactly("first", "failing", "third");
        assertThat(Pem.readCertificates(written.certificate())).containsExactly(leaf);

        KeyPair next = KeyType.EC_P256.generate();
        X509Certificate renewed = TestPki.shared().leaf(next.getPublic(), List.of(Identifier.dns("example.com")));
        files.write("example.com", next.getPrivate(), TestPki.shared().chain(renewed));
        assertThat(calls).containsExactly("first", "failing", "third", "first", "failing", "third");
        assertThat(Pem.readCertificates(written.certificate())).containsExactly(renewed);
        assertThat(Pem.readKeyPair(written.privateKey()).getPublic()).isEqualTo(next.getPublic());
    }

    @Test
    void anInterruptedCallbackKeepsTheInterruptAndTheOthersStillRun() throws Exception {
        List<String> calls = new ArrayList<>();
        CertificateFiles files = CertificateFiles.builder(base)
                .afterWrite(w -> {
                    throw new InterruptedException();
                })
                .afterWrite(w -> calls.add("after"))
                .build();
        try {
            files.write("example.com", key.getPrivate(), chain);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(calls).containsExactly("after");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void badInputFailsBeforeAnyFileIsWrittenAndNoCallbackRuns() throws Exception {
        List<String> calls = new ArrayList<>();
        CertificateFiles files = CertificateFiles.builder(base).afterWrite(w -> calls.add("called")).build();
        KeyPair other = KeyType.EC_P256.generate();

        assertThatThrownBy(() -> files.write("example.com", other.getPrivate(), chain))
                .isInstanceOf(InvalidKeyMaterialException.class).hasMessageContaining("example.com");
        assertThatThrownBy(() -> files.write("example.com", key.getPrivate(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> files.write("../etc", key.getPrivate(), chain))
                .isInstanceOf(InvalidStoreNameException.class);
        assertThatThrownBy(() -> files.write("a/b", key.getPrivate(), chain))
                .isInstanceOf(InvalidStoreNameException.class).hasMessageContaining("single segment");
        assertThat(base).isEmptyDirectory();

        Files.writeString(base.resolve("file"), "not a directory");
        CertificateFiles underAFile = CertificateFiles.builder(base.resolve("file"))
                .afterWrite(w -> calls.add("called")).build();
        assertThatThrownBy(() -> underAFile.write("example.com", key.getPrivate(), chain))
                .isInstanceOf(NotDirectoryException.class);
        assertThat(calls).isEmpty();
        assertThat(files.toString()).doesNotContain("secret");
        assertThat(Optional.of(files.directory("example.com"))).contains(base.resolve("example.com"));
    }

    private static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
