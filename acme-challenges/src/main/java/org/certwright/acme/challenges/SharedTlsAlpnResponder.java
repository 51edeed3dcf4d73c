package org.certwright.acme.challenges;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenge.TlsAlpnValidation;
import org.certwright.acme.lifecycle.CertificateStore;
import org.certwright.acme.lifecycle.ManagedKeyManager;
import org.certwright.acme.lifecycle.StoreException;
import org.certwright.acme.lifecycle.StoreLayout;
import org.certwright.acme.lifecycle.TlsAlpnValidationLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers tls-alpn-01 in a cluster: provisioning writes the validation to the lifecycle's
 * {@link CertificateStore}, and every instance's {@link ManagedKeyManager} looks it up there
 * ({@code keyManager.setValidationLookup(Optional.of(responder))}) when the CA's {@code acme-tls/1}
 * handshake reaches it, whichever instance ordered.
 *
 * <pre>{@code
 * SharedTlsAlpnResponder tlsAlpn = new SharedTlsAlpnResponder(store);
 * keyManager.setValidationLookup(Optional.of(tlsAlpn));        // on every instance
 * ManagedCertificate.builder().dns("example.com").responders(tlsAlpn).build();
 * }</pre>
 *
 * <p>The validation is the blob {@link StoreLayout#tlsAlpnChallenge challenges/tls-alpn-01/&lt;name&gt;}
 * (the identifier and the key authorization's digest, no key: each instance makes its own
 * validation certificate), deleted when the provision is closed. A lookup is one store read, on
 * the handshake's thread, for {@code acme-tls/1} handshakes only.
 *
 * @since 0.2.0
 */
public final class SharedTlsAlpnResponder implements ChallengeResponder, TlsAlpnValidationLookup {

    private static final Logger LOG = LoggerFactory.getLogger(SharedTlsAlpnResponder.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CertificateStore store;

    /**
     * A responder over a lifecycle store.
     *
     * @param store the store every instance of the cluster shares
     */
    public SharedTlsAlpnResponder(CertificateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Set<String> challengeTypes() {
        return TlsAlpnResponders.TYPES;
    }

    @Override
    public boolean supports(ChallengeContext context) {
        return TlsAlpnResponders.supports(context);
    }

    @Override
    public Provision provision(ChallengeContext context) throws ProvisioningException {
        TlsAlpnValidation validation = TlsAlpnResponders.validation(context);
        String blob = StoreLayout.tlsAlpnChallenge(validation.serverName());
        byte[] json = JSON.writeValueAsBytes(JSON.createObjectNode()
                .put("type", validation.identifier().type())
                .put("value", validation.identifier().value())
                .put("serverName", validation.serverName())
                .put("digest", Base64.getUrlEncoder().withoutPadding().encodeToString(validation.digest())));
        try {
            store.write(blob, json);
        } catch (StoreException e) {
            throw new ProvisioningException("cannot share the tls-alpn-01 validation for " + validation.serverName()
                    + ": " + e.getMessage(), e);
        }
        LOG.debug("{}: tls-alpn-01 validation shared as {}", context.identifier(), blob);
        return new Provision() {
            private boolean removed;

            @Override
            public synchronized void close() {
                if (removed) {
                    return;
                }
                removed = true;
                try {
                    // Only our own: a later order for the same name may have replaced it.
                    if (find(validation.serverName()).filter(validation::equals).isPresent()) {
                        store.delete(blob);
                    }
                } catch (StoreException e) {
                    LOG.warn("Could not delete the shared tls-alpn-01 validation {}: {}", blob, e.getMessage());
                }
            }
        };
    }

    /**
     * The validation shared for a server name.
     *
     * @throws SharedChallengeException if the store cannot be read or holds something unreadable
     */
    @Override
    public Optional<TlsAlpnValidation> find(String serverName) {
        Objects.requireNonNull(serverName, "serverName");
        Optional<byte[]> json;
        String blob;
        try {
            blob = StoreLayout.tlsAlpnChallenge(serverName);
            json = store.read(blob);
        } catch (IllegalArgumentException notAServerName) {
            return Optional.empty();
        } catch (StoreException e) {
            throw new SharedChallengeException("cannot read the shared tls-alpn-01 validation for " + serverName, e);
        }
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(json.get());
            return Optional.of(new TlsAlpnValidation(new Identifier(node.path("type").asString(),
                    node.path("value").asString()), node.path("serverName").asString(),
                    Base64.getUrlDecoder().decode(node.path("digest").asString())));
        } catch (RuntimeException e) {
            throw new SharedChallengeException("the shared tls-alpn-01 validation " + blob + " is unreadable", e);
        }
    }

    @Override
    public String toString() {
        return "SharedTlsAlpnResponder[" + store + "]";
    }
}
