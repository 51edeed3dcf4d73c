package org.certwright.acme.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.crypto.InvalidKeyMaterialException;
import org.certwright.acme.crypto.KeyPairCheck;
import org.certwright.acme.crypto.KeyStores;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.internal.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers certificates as files, for servers that read PEM or PKCS#12 (nginx, Apache, HAProxy,
 * Postfix, a Java server configured with a key store), in the layout certbot made familiar.
 *
 * <pre>{@code
 * CertificateFiles files = CertificateFiles.builder(Path.of("/etc/certwright/live"))
 *         .pkcs12("changeit".toCharArray())
 *         .afterWrite(written -> new ProcessBuilder("nginx", "-s", "reload").start())
 *         .build();
 * files.write("example.com", privateKey, chain);
 * }</pre>
 *
 * <p>Each certificate gets a directory named after it under the base directory, holding:
 * <ul>
 *   <li>{@value #PRIVATE_KEY}: the private key, PKCS#8 PEM;</li>
 *   <li>{@value #CERTIFICATE}: the end-entity certificate;</li>
 *   <li>{@value #CHAIN}: the rest of the chain (the intermediates), empty if there is none;</li>
 *   <li>{@value #FULL_CHAIN}: the end-entity certificate followed by the intermediates, what most
 *       servers want;</li>
 *   <li>{@value #PKCS12}, only when a password is given: key and chain as a PKCS#12 key store
 *       whose single entry has the certificate's name as alias.</li>
 * </ul>
 * Every file is replaced atomically (a temporary file, flushed, then renamed): a reader sees the old file or the
 * new one, never a partial one. The key and the PKCS#12 file are {@code rw-------}; the
 * certificates, which are public, {@code rw-r--r--}; the directory is created {@code rwx------}
 * on POSIX file systems, so widen it if a server running as another user must read the files. The
 * files are written one after the other, key first, so for a moment a reader may find the new key
 * beside the old certificate: a server should reload when told to, by the
 * {@link Builder#afterWrite callbacks}, which run only once every file is in place.
 *
 * <p>Callbacks run in the order they were added, on the writing thread, so they should be short
 * (hand long work to an executor). What a callback throws is logged and changes nothing: the
 * files stay written and the next callback still runs. Immutable and thread-safe; writes of
 * the same certificate from several threads should be serialized by the caller.
 *
 * @since 0.2.0
 */
public final class CertificateFiles {

    /** The private key's file name. */
    public static final String PRIVATE_KEY = "privkey.pem";
    /** The end-entity certificate's file name. */
    public static final String CERTIFICATE = "cert.pem";
    /** The intermediates' file name. */
    public static final String CHAIN = "chain.pem";
    /** The full chain's file name. */
    public static final String FULL_CHAIN = "fullchain.pem";
    /** The PKCS#12 key store's file name. */
    public static final String PKCS12 = "keystore.p12";

    private static final Logger LOG = LoggerFactory.getLogger(CertificateFiles.class);

    /**
     * Told when a certificate's files are all written.
     *
     * @since 0.2.0
     */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called after every file of a certificate was written.
         *
         * @param files what was written
         * @throws Exception anything; it is logged and does not undo the write
         */
        void written(WrittenFiles files) throws Exception;
    }

    /**
     * The files written for one certificate.
     *
     * @param name        the certificate's name
     * @param directory   its directory
     * @param privateKey  the key file
     * @param certificate the end-entity certificate file
     * @param chain       the intermediates file
     * @param fullChain   the full chain file
     * @param pkcs12      the PKCS#12 file, when one was written
     * @since 0.2.0
     */
    public record WrittenFiles(String name, Path directory, Path privateKey, Path certificate, Path chain,
                               Path fullChain, Optional<Path> pkcs12) {

        /** Checks that nothing is missing. */
        public WrittenFiles {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(fullChain, "fullChain");
            Objects.requireNonNull(pkcs12, "pkcs12");
        }
    }

    private final Path baseDirectory;
    private final Optional<char[]> pkcs12Password;
    private final List<Listener> listeners;

    private CertificateFiles(Builder builder) {
        this.baseDirectory = builder.baseDirectory;
        this.pkcs12Password = builder.pkcs12Password.map(char[]::clone);
        this.listeners = List.copyOf(builder.listeners);
    }

    /**
     * Starts a configuration.
     *
     * @param baseDirectory where the certificates' directories go; created when missing
     * @return a builder
     */
    public static Builder builder(Path baseDirectory) {
        return new Builder(baseDirectory);
    }

    /**
     * The directory a certificate's files go to.
     *
     * @param name the certificate's name
     * @return the directory
     * @throws InvalidStoreNameException if the name is not a single segment as {@link StoreNames}
     *                                   defines it
     */
    public Path directory(String name) {
        return baseDirectory.resolve(checkName(name));
    }

    /**
     * Writes a certificate's files, then runs the callbacks.
     *
     * @param name       the certificate's name, the directory's name: a single segment as
     *                   {@link StoreNames} defines it, such as {@code example.com}
     * @param privateKey the private key; it must be extractable
     * @param chain      the chain, end-entity certificate first
     * @return what was written
     * @throws InvalidStoreNameException   if the name is not a single segment
     * @throws IllegalArgumentException    if the chain is empty
     * @throws InvalidKeyMaterialException if the key does not belong to the first certificate
     * @throws IOException                 if a file cannot be written; files written before it stay
     *                                     written, and no callback runs
     */
    public WrittenFiles write(String name, PrivateKey privateKey, List<X509Certificate> chain) throws IOException {
        Path directory = directory(name);
        Objects.requireNonNull(privateKey, "privateKey");
        List<X509Certificate> certificates = List.copyOf(chain);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("certificate chain for " + name + " is empty");
        }
        try {
            KeyPairCheck.requireMatch(certificates.get(0).getPublicKey(), privateKey);
        } catch (InvalidKeyMaterialException e) {
            throw new InvalidKeyMaterialException("certificate " + name + ": " + e.getMessage(), e);
        }
        // Encode everything first, so that bad material fails before any file changes.
        byte[] certificate = ascii(Pem.encodeCertificates(certificates.subList(0, 1)));
        List<X509Certificate> intermediates = certificates.subList(1, certificates.size());
        byte[] intermediatePem = intermediates.isEmpty() ? new byte[0] : ascii(Pem.encodeCertificates(intermediates));
        byte[] fullChain = ascii(Pem.encodeCertificates(certificates));

        WrittenFiles files = new WrittenFiles(name, directory, directory.resolve(PRIVATE_KEY),
                directory.resolve(CERTIFICATE), directory.resolve(CHAIN), directory.resolve(FULL_CHAIN),
                pkcs12Password.map(p -> directory.resolve(PKCS12)));
        Pem.writePrivateKey(files.privateKey(), privateKey);
        AtomicFiles.write(files.certificate(), certificate, false);
        AtomicFiles.write(files.chain(), intermediatePem, false);
        AtomicFiles.write(files.fullChain(), fullChain, false);
        if (files.pkcs12().isPresent()) {
            char[] password = pkcs12Password.get().clone();
            try {
                KeyStores.writePkcs12(files.pkcs12().get(), privateKey, certificates, name, password);
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        LOG.info("certificate {} (serial {}) written to {}", name,
                certificates.get(0).getSerialNumber().toString(16), directory);
        notifyListeners(files);
        return files;
    }

    private void notifyListeners(WrittenFiles files) {
        for (Listener listener : listeners) {
            try {
                listener.written(files);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("callback {} after writing {} was interrupted; the files stay written", listener,
                        files.name(), e);
            } catch (Exception e) {
                LOG.warn("callback {} after writing {} failed; the files stay written", listener, files.name(), e);
            }
        }
    }

    private static String checkName(String name) {
        StoreNames.checkName(name);
        if (name.indexOf('/') >= 0) {
            throw new InvalidStoreNameException(name, "a certificate's directory name must be a single segment");
        }
        return name;
    }

    private static byte[] ascii(String pem) {
        return pem.getBytes(StandardCharsets.US_ASCII);
    }

    /** Names the directory, never the password. */
    @Override
    public String toString() {
        return "CertificateFiles[" + baseDirectory + (pkcs12Password.isPresent() ? ", with PKCS#12" : "") + "]";
    }

    /**
     * Configures {@link CertificateFiles}.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private final Path baseDirectory;
        private Optional<char[]> pkcs12Password = Optional.empty();
        private final List<Listener> listeners = new ArrayList<>();

        private Builder(Path baseDirectory) {
            this.baseDirectory = Objects.requireNonNull(baseDirectory, "baseDirectory");
        }

        /**
         * Also writes {@value CertificateFiles#PKCS12}, protected by a password.
         *
         * @param password the key store's password, copied; may be empty
         * @return this builder
         */
        public Builder pkcs12(char[] password) {
            this.pkcs12Password = Optional.of(Objects.requireNonNull(password, "password").clone());
            return this;
        }

        /**
         * Adds a callback run after each complete write, after those added before.
         *
         * @param listener the callback
         * @return this builder
         */
        public Builder afterWrite(Listener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the writer.
         *
         * @return the writer
         */
        public CertificateFiles build() {
            return new CertificateFiles(this);
        }
    }
}
