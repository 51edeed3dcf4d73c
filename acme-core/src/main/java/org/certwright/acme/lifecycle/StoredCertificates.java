package org.certwright.acme.lifecycle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.problem.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes managed certificates in the {@link CertificateStore}, in the
 * {@link StoreLayout}: key, chain and metadata per certificate, under the certificate's lock.
 */
final class StoredCertificates {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateManager.class);
    /** A metadata write outside an issuance is one small write: a short lease is plenty. */
    private static final Duration METADATA_LEASE = Duration.ofMinutes(1);

    private final CertificateStore store;
    private final String owner;
    private final ListenerFanout listeners;

    StoredCertificates(CertificateStore store, String owner, ListenerFanout listeners) {
        this.store = store;
        this.owner = owner;
        this.listeners = listeners;
    }

    /**
     * Reads the certificate's metadata, key and chain, and serves a chain that differs from the
     * one in memory (another instance renewed it, or this is the first read). A key that does not
     * match the chain (a writer between its two writes, or one that crashed there) is not served.
     */
    void reload(ManagedEntry e) throws AcmeException {
        Optional<byte[]> meta = store.read(StoreLayout.certificateMetadata(e.name()));
        if (meta.isPresent() && !Arrays.equals(meta.get(), e.metadataBytes)) {
            try {
                e.metadata = ManagedCertificateMetadata.fromJson(StoreLayout.certificateMetadata(e.name()), meta.get());
            } catch (StoreException unreadable) {
                // The metadata only advises (ARI choice, backoff, warnings); a certificate that is
                // there must still be served. The next write replaces the unreadable document.
                LOG.warn("Ignoring the unreadable metadata of certificate {}: {}", e.name(), unreadable.getMessage());
                e.metadata = ManagedCertificateMetadata.EMPTY;
            }
            e.metadataBytes = meta.get();
        }
        Optional<byte[]> chain = store.read(StoreLayout.certificateChain(e.name()));
        if (chain.isEmpty() || Arrays.equals(chain.get(), e.chainBytes)) {
            return;
        }
        Optional<byte[]> key = store.read(StoreLayout.certificateKey(e.name()));
        if (key.isEmpty()) {
            LOG.warn("Certificate {} has a chain but no key in the store; ignoring it", e.name());
            return;
        }
        CurrentCertificate loaded;
        try {
            loaded = new CurrentCertificate(Pem.readKeyPair(new String(key.get(), StandardCharsets.US_ASCII)),
                    Pem.readCertificates(new String(chain.get(), StandardCharsets.US_ASCII)));
        } catch (RuntimeException ex) {
            throw new StoreException("the stored certificate cannot be read: " + ex.getMessage(),
                    StoreLayout.certificateLock(e.name()), ex);
        }
        if (!loaded.leaf().getPublicKey().equals(loaded.keyPair().getPublic())) {
            // A writer is between its key and chain writes (the next read sees both), or crashed
            // there (the pair is unusable; with nothing in memory, the manager orders again).
            LOG.info("Certificate {} in the store does not match its key; not serving it", e.name());
            return;
        }
        e.chainBytes = chain.get();
        if (e.current.isPresent()) {
            LOG.info("Certificate {} was updated in the store: {}", e.name(), loaded);
            e.nextReason = Optional.empty();
            e.announcedAt = null;
        }
        e.setCurrent(loaded, listeners);
    }

    /** Writes a new key, chain and metadata under the issuance's lease, and serves them. */
    void writeIssued(ManagedEntry e, CurrentCertificate fresh, ManagedCertificateMetadata m, StoreLease lease)
            throws AcmeException {
        byte[] chainPem = Pem.encodeCertificates(fresh.chain()).getBytes(StandardCharsets.US_ASCII);
        store.write(StoreLayout.certificateKey(e.name()),
                Pem.encodePrivateKey(fresh.keyPair().getPrivate()).getBytes(StandardCharsets.US_ASCII), lease);
        store.write(StoreLayout.certificateChain(e.name()), chainPem, lease);
        store.write(StoreLayout.certificateMetadata(e.name()), m.toJson(), lease);
        e.metadata = m;
        e.metadataBytes = null;
        e.chainBytes = chainPem;
        e.nextReason = Optional.empty();
        e.announcedAt = null;
        e.setCurrent(fresh, listeners);
    }

    /** Writes metadata under a lease the caller holds. */
    void writeMetadata(ManagedEntry e, ManagedCertificateMetadata m, StoreLease lease) throws AcmeException {
        store.write(StoreLayout.certificateMetadata(e.name()), m.toJson(), lease);
    }

    /**
     * Writes metadata that is not the result of an issuance (the ARI choice, warnings), under a
     * short hold of the lock; if another instance holds it, that one writes its own and this is
     * dropped. So is metadata learnt about a certificate that another instance has replaced
     * meanwhile: written over the new certificate's, it would make every instance renew it again.
     */
    void persistMetadata(ManagedEntry e, ManagedCertificateMetadata m) {
        byte[] about = e.chainBytes;
        try {
            Optional<StoreLease> lease = store.tryLock(e.lockName(), owner, METADATA_LEASE);
            if (lease.isEmpty()) {
                return;
            }
            try {
                if (!Arrays.equals(store.read(StoreLayout.certificateChain(e.name())).orElse(null), about)) {
                    LOG.debug("Certificate {} was replaced in the store; its new state is kept", e.name());
                    return;
                }
                writeMetadata(e, m, lease.get());
            } finally {
                release(e, lease.get());
            }
        } catch (AcmeException ex) {
            LOG.warn("Could not save the renewal state of certificate {}: {}", e.name(), ex.toString());
        }
    }

    Optional<StoreLease> tryLock(ManagedEntry e, Duration lease) throws AcmeException {
        return store.tryLock(e.lockName(), owner, lease);
    }

    StoreLease renew(StoreLease lease, Duration duration) throws AcmeException {
        return store.renew(lease, duration);
    }

    /**
     * Releases a lease even when the thread was interrupted (by closing): the release is the
     * clean-up, and the store's waits give up on an interrupted thread. The interrupt is kept.
     */
    void release(ManagedEntry e, StoreLease lease) {
        boolean interrupted = Thread.interrupted();
        try {
            store.release(lease);
        } catch (AcmeException ex) {
            LOG.warn("Could not release the store lock of certificate {}: {}", e.name(), ex.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
