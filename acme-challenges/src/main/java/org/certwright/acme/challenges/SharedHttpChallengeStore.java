package org.certwright.acme.challenges;

import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.lifecycle.CertificateStore;
import org.certwright.acme.lifecycle.StoreException;
import org.certwright.acme.lifecycle.StoreLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * http-01 challenge files kept in the lifecycle's {@link CertificateStore}, so that in a cluster
 * whichever instance the CA's request reaches can answer it, not only the one that ordered. Give
 * it to the manager's responder ({@code new StoreHttpResponder(shared)}) and to every instance's
 * HTTP server ({@code new HttpChallengeHandler(shared)}, or any server that calls
 * {@link #lookupPath}).
 *
 * <p>Each file is the blob {@link StoreLayout#httpChallenge challenges/http-01/&lt;token&gt;}, written
 * without a lease (tokens are unique) and deleted when the challenge's provision is closed. A
 * lookup reads the store, so every validation request costs one store read; requests for names
 * that are not base64url tokens never reach the store. A store failure on a lookup is logged and
 * answered as "not found" (the CA reports the validation as failed, and the manager retries).
 *
 * @since 0.2.0
 */
public final class SharedHttpChallengeStore implements HttpChallengeStore {

    private static final Logger LOG = LoggerFactory.getLogger(SharedHttpChallengeStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CertificateStore store;

    /**
     * A challenge store over a lifecycle store.
     *
     * @param store the store every instance of the cluster shares
     */
    public SharedHttpChallengeStore(CertificateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Writes the file to the store.
     *
     * @throws SharedChallengeException if the store cannot write it
     */
    @Override
    public void put(HttpResource resource) {
        Objects.requireNonNull(resource, "resource");
        byte[] json = JSON.writeValueAsBytes(JSON.createObjectNode().put("content", resource.content())
                .put("contentType", resource.contentType()));
        try {
            store.write(StoreLayout.httpChallenge(resource.name()), json);
        } catch (StoreException e) {
            throw new SharedChallengeException("cannot share " + resource.path() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the file from the store if it is still this one; a failure is logged. */
    @Override
    public void remove(HttpResource resource) {
        Objects.requireNonNull(resource, "resource");
        try {
            if (lookup(resource.name()).filter(resource::equals).isPresent()) {
                store.delete(StoreLayout.httpChallenge(resource.name()));
            }
        } catch (StoreException e) {
            LOG.warn("Could not delete the shared challenge file {}: {}", resource.path(), e.getMessage());
        }
    }

    @Override
    public Optional<HttpResource> lookup(String name) {
        if (!HttpResource.isValidName(name)) {
            return Optional.empty();
        }
        try {
            Optional<byte[]> json = store.read(StoreLayout.httpChallenge(name));
            if (json.isEmpty()) {
                return Optional.empty();
            }
            JsonNode node = JSON.readTree(json.get());
            return Optional.of(new HttpResource(name, node.path("content").asString(),
                    node.path("contentType").asString()));
        } catch (StoreException | RuntimeException e) {
            LOG.warn("Could not read the shared challenge file {}: {}", HttpResource.DIRECTORY + name, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "SharedHttpChallengeStore[" + store + "]";
    }
}
