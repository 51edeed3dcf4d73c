package org.certwright.acme.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.certwright.acme.internal.io.AtomicFiles;

/**
 * Packs a private key and its certificate chain into a {@link KeyStore}, the form that
 * {@code KeyManagerFactory}, Tomcat, Jetty and most Java servers load.
 */
public final class KeyStores {

    private KeyStores() {
    }

    /**
     * An in-memory PKCS#12 key store with one private key entry.
     *
     * @param key      the private key; it must be extractable
     * @param chain    the certificate chain, end-entity certificate first; the first
     *                 certificate must certify {@code key}'s public key
     * @param alias    the entry's alias, not blank
     * @param password protects the entry (and, when stored, the file); may be empty, not
     *                 {@code null}
     * @return a loaded key store holding exactly that entry
     * @throws IllegalArgumentException    if the chain is empty or the alias blank
     * @throws InvalidKeyMaterialException if the key does not belong to the first certificate,
     *                                     or cannot be stored in PKCS#12
     */
    public static KeyStore pkcs12(PrivateKey key, List<X509Certificate> chain, String alias, char[] password) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(password, "password");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        if (alias.isBlank()) {
            throw new IllegalArgumentException("key store alias is blank");
        }
        try {
            KeyPairCheck.requireMatch(chain.get(0).getPublicKey(), key);
        } catch (InvalidKeyMaterialException e) {
            throw new InvalidKeyMaterialException("the private key does not match the first certificate: " + e.getMessage(), e);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidKeyMaterialException("cannot put the key into a PKCS#12 key store: " + DerInput.reason(e), e);
        }
    }

    /**
     * Writes a PKCS#12 file with one private key entry, atomically and readable by the owner
     * only.
     *
     * @param file     the file to create or replace; missing parent directories are created
     *                 (owner-only)
     * @param key      the private key; it must be extractable
     * @param chain    the certificate chain, end-entity certificate first
     * @param alias    the entry's alias, not blank
     * @param password protects the entry and the file; may be empty, not {@code null}
     * @throws IOException                 if the file cannot be written
     * @throws IllegalArgumentException    as {@link #pkcs12(PrivateKey, List, String, char[])}
     *                                     does
     */
    public static void writePkcs12(Path file, PrivateKey key, List<X509Certificate> chain, String alias, char[] password)
            throws IOException {
        Objects.requireNonNull(file, "file");
        KeyStore store = pkcs12(key, chain, alias, password);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            store.store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the PKCS#12 key store", e);
        }
        byte[] content = out.toByteArray();
        try {
            AtomicFiles.write(file, content, true);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }
}
