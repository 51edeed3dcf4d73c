package org.certwright.acme.lifecycle;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.certwright.acme.AcmeClient;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.RenewalInfo;
import org.certwright.acme.Session;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.internal.json.Json;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The default {@link CertificateSource}: one {@link AcmeClient} and one account, created on first
 * use and kept in the store (key and URL under {@link StoreLayout#accountLock}), reused after a
 * restart and by other instances sharing the store.
 */
final class AcmeCertificateSource implements CertificateSource {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeCertificateSource.class);
    private static final Duration ACCOUNT_LEASE = Duration.ofMinutes(5);
    private static final Duration ACCOUNT_POLL = Duration.ofMillis(200);

    private final AcmeClient client;
    private final ManagedAccount account;
    private final CertificateStore store;
    private final String owner;
    private final Duration accountWait;
    private final String caId;
    // Serialises account creation inside this process, so that two certificates due at once do not
    // both try to register; the wait is bounded.
    private final ReentrantLock accountLock = new ReentrantLock();
    private volatile Session session;

    AcmeCertificateSource(AcmeClient client, ManagedAccount account, CertificateStore store, String owner,
                          Duration accountWait) {
        this.client = client;
        this.account = account;
        this.store = store;
        this.owner = owner;
        this.accountWait = accountWait;
        this.caId = StoreLayout.caId(client.serverUrl());
    }

    @Override
    public String caId() {
        return caId;
    }

    @Override
    public boolean supportsRenewalInfo() throws AcmeException {
        return client.directory().renewalInfo().isPresent();
    }

    @Override
    public RenewalInfo renewalInfo(X509Certificate certificate) throws AcmeException {
        return session().renewalInfo(certificate);
    }

    @Override
    public IssuedCertificate issue(IssuanceRequest request) throws AcmeException {
        // Steps run on the calling worker thread: the manager's pool is its only thread budget.
        return new CertificateIssuer(session(), Runnable::run).issue(request);
    }

    /** The account's session, loading or creating the account the first time. */
    Session session() throws AcmeException {
        Session s = session;
        if (s != null) {
            return s;
        }
        try {
            if (!accountLock.tryLock(accountWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AcmeException("the account for " + caId + " is still being set up by another thread after "
                        + accountWait + "; will retry");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException(null, client.serverUrl(), e);
        }
        try {
            if (session == null) {
                session = loadOrCreate();
            }
            return session;
        } finally {
            accountLock.unlock();
        }
    }

    private Session loadOrCreate() throws AcmeException {
        String accountId = account.accountId();
        Optional<Session> stored = load(accountId);
        if (stored.isPresent()) {
            return stored.get();
        }
        String lock = StoreLayout.accountLock(caId, accountId);
        // Instances started together all need the account at once: one creates it, the others
        // wait for it (a crashed creator's lease expires) instead of failing their attempts.
        long deadline = System.nanoTime() + accountWait.toNanos();
        Optional<StoreLease> taken = store.tryLock(lock, owner, ACCOUNT_LEASE);
        while (taken.isEmpty()) {
            stored = load(accountId);
            if (stored.isPresent()) {
                return stored.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AcmeException("the account " + lock + " is still being created by another instance after "
                        + accountWait + "; will retry");
            }
            try {
                Thread.sleep(ACCOUNT_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AcmeInterruptedException(null, client.serverUrl(), e);
            }
            taken = store.tryLock(lock, owner, ACCOUNT_LEASE);
        }
        StoreLease lease = taken.get();
        try {
            stored = load(accountId);
            if (stored.isPresent()) {
                return stored.get();
            }
            // A key left by a crash before the account's URL was written is reused: registering
            // it again returns the existing account instead of creating a second one.
            String keyName = StoreLayout.accountKey(caId, accountId);
            KeyPair key;
            Optional<byte[]> keyPem = store.read(keyName);
            if (keyPem.isPresent()) {
                key = Pem.readKeyPair(new String(keyPem.get(), StandardCharsets.US_ASCII));
            } else {
                key = account.keyType().generate();
                store.write(keyName, Pem.encodePrivateKey(key.getPrivate()).getBytes(StandardCharsets.US_ASCII), lease);
            }
            Session created = client.session(AccountKey.of(key));
            NewRegistration.Builder reg = NewRegistration.builder();
            account.contacts().forEach(reg::contact);
            if (account.termsOfServiceAgreed()) {
                reg.agreeToTermsOfService();
            }
            account.externalAccountBinding().ifPresent(reg::externalAccountBinding);
            URI url = created.register(reg.build()).url();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("url", url.toString());
            json.put("directory", client.serverUrl().toString());
            json.put("contacts", account.contacts().stream().map(URI::toString).toList());
            store.write(StoreLayout.accountJson(caId, accountId), Json.write(json), lease);
            LOG.info("Created ACME account {} at {}", url, client.serverUrl());
            return client.session(AccountKey.of(key), url);
        } finally {
            store.release(lease);
        }
    }

    private Optional<Session> load(String accountId) throws AcmeException {
        Optional<byte[]> json = store.read(StoreLayout.accountJson(caId, accountId));
        Optional<byte[]> keyPem = store.read(StoreLayout.accountKey(caId, accountId));
        if (json.isEmpty() || keyPem.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.parse(json.get());
            URI url = URI.create(node.path("url").stringValue());
            KeyPair key = Pem.readKeyPair(new String(keyPem.get(), StandardCharsets.US_ASCII));
            LOG.debug("Using the stored ACME account {}", url);
            return Optional.of(client.session(AccountKey.of(key), url));
        } catch (Json.JsonSyntaxException | RuntimeException e) {
            throw new StoreException("the stored account cannot be read: " + e.getMessage(),
                    StoreLayout.accountJson(caId, accountId), e);
        }
    }
}
