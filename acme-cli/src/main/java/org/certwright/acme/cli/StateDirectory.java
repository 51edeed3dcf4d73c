package org.certwright.acme.cli;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.lifecycle.FileCertificateStore;
import org.certwright.acme.lifecycle.StoreException;
import org.certwright.acme.lifecycle.StoreLayout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tool's state: a {@link FileCertificateStore} in the lifecycle manager's
 * {@link StoreLayout} (so a {@code CertificateManager} can take over the same directory), with
 * owner-only permissions. Accounts are kept per CA and account name, certificates per first name.
 */
final class StateDirectory {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A stored account: its key and, once registered, its URL. */
    record StoredAccount(KeyPair key, Optional<URI> url) {
    }

    /** A stored certificate: its key and chain, leaf first. */
    record StoredCertificate(String id, PrivateKey key, List<X509Certificate> chain) {
        X509Certificate leaf() {
            return chain.get(0);
        }
    }

    private final FileCertificateStore store;

    private StateDirectory(FileCertificateStore store) {
        this.store = store;
    }

    /** Opens (creating, {@code rwx------}) the state directory. */
    static StateDirectory open(Path root) throws StoreException {
        return new StateDirectory(FileCertificateStore.open(root));
    }

    /** The directory. */
    Path root() {
        return store.root();
    }

    /** The account stored for this CA under this name. */
    Optional<StoredAccount> account(URI directoryUrl, String accountId) throws StoreException {
        String caId = StoreLayout.caId(directoryUrl);
        Optional<byte[]> keyPem = store.read(StoreLayout.accountKey(caId, accountId));
        if (keyPem.isEmpty()) {
            return Optional.empty();
        }
        KeyPair key = Pem.readKeyPair(new String(keyPem.get(), StandardCharsets.US_ASCII));
        Optional<URI> url = store.read(StoreLayout.accountJson(caId, accountId)).map(json -> {
            JsonNode node = JSON.readTree(json);
            return URI.create(node.path("url").stringValue());
        });
        return Optional.of(new StoredAccount(key, url));
    }

    /** Keeps an account's key, before it is registered (so a crash does not lose it). */
    void saveAccountKey(URI directoryUrl, String accountId, KeyPair key) throws StoreException {
        store.write(StoreLayout.accountKey(StoreLayout.caId(directoryUrl), accountId),
                Pem.encodePrivateKey(key.getPrivate()).getBytes(StandardCharsets.US_ASCII));
    }

    /** Keeps a registered account's URL and contacts, in the format of the lifecycle manager. */
    void saveAccount(URI directoryUrl, String accountId, URI url, List<URI> contacts) throws StoreException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url.toString());
        json.put("directory", directoryUrl.toString());
        json.put("contacts", contacts.stream().map(URI::toString).toList());
        store.write(StoreLayout.accountJson(StoreLayout.caId(directoryUrl), accountId), JSON.writeValueAsBytes(json));
    }

    /**
     * Replaces an account's key in two steps, so that a failure between the CA's change and the
     * local one leaves the new key on disk: {@code key.pem.next} first, then the swap.
     */
    void saveNextAccountKey(URI directoryUrl, String accountId, KeyPair key) throws StoreException {
        store.write(StoreLayout.accountKey(StoreLayout.caId(directoryUrl), accountId) + ".next",
                Pem.encodePrivateKey(key.getPrivate()).getBytes(StandardCharsets.US_ASCII));
    }

    /** Makes the key saved by {@link #saveNextAccountKey} the account's key. */
    void promoteNextAccountKey(URI directoryUrl, String accountId, KeyPair key) throws StoreException {
        saveAccountKey(directoryUrl, accountId, key);
        store.delete(StoreLayout.accountKey(StoreLayout.caId(directoryUrl), accountId) + ".next");
    }

    /** Forgets an account (after deactivation). */
    void deleteAccount(URI directoryUrl, String accountId) throws StoreException {
        String caId = StoreLayout.caId(directoryUrl);
        store.delete(StoreLayout.accountJson(caId, accountId));
        store.delete(StoreLayout.accountKey(caId, accountId));
    }

    /** The id a certificate for these names is kept under: its first name's. */
    static String certificateId(String firstName) {
        return StoreLayout.certificateId(firstName);
    }

    /** The certificate kept under this id. */
    Optional<StoredCertificate> certificate(String id) throws StoreException {
        Optional<byte[]> chain = store.read(StoreLayout.certificateChain(id));
        Optional<byte[]> key = store.read(StoreLayout.certificateKey(id));
        if (chain.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StoredCertificate(id,
                Pem.readPrivateKey(new String(key.get(), StandardCharsets.US_ASCII)),
                Pem.readCertificates(new String(chain.get(), StandardCharsets.US_ASCII))));
    }

    /** The ids of every stored certificate. */
    List<String> certificateIds() throws StoreException {
        String prefix = StoreLayout.CERTIFICATES + "/";
        return store.list(prefix).stream()
                .filter(n -> n.endsWith("/chain.pem"))
                .map(n -> n.substring(prefix.length(), n.length() - "/chain.pem".length()))
                .sorted().toList();
    }

    /** Keeps a certificate, key first (a chain without its key would be useless). */
    void saveCertificate(String id, PrivateKey key, List<X509Certificate> chain) throws StoreException {
        store.write(StoreLayout.certificateKey(id), Pem.encodePrivateKey(key).getBytes(StandardCharsets.US_ASCII));
        store.write(StoreLayout.certificateChain(id), Pem.encodeCertificates(chain).getBytes(StandardCharsets.US_ASCII));
    }
}
