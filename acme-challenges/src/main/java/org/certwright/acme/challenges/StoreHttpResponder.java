package org.certwright.acme.challenges;

import java.util.Objects;
import java.util.Set;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An http-01 responder that puts each challenge file into an {@link HttpChallengeStore}, from
 * which the application's own HTTP server answers the CA.
 *
 * <pre>{@code
 * HttpChallengeStore store = new InMemoryHttpChallengeStore();
 * // in the application's request handling, before anything else on port 80:
 * Optional<HttpResource> file = store.lookupPath(request.getRequestURI());
 * // ... if present, answer 200 with file.get().content() as file.get().contentType()
 *
 * issuer.issue(IssuanceRequest.builder().dns("example.com")
 *         .responders(new StoreHttpResponder(store)).build());
 * }</pre>
 *
 * <p>For the JDK's HTTP server, {@link HttpChallengeHandler} is the request handling. Thread-safe.
 */
public final class StoreHttpResponder implements ChallengeResponder {

    private static final Logger LOG = LoggerFactory.getLogger(StoreHttpResponder.class);

    private final HttpChallengeStore store;

    /**
     * A responder feeding a store.
     *
     * @param store where the challenge files go
     */
    public StoreHttpResponder(HttpChallengeStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The store the challenge files go to.
     *
     * @return the store
     */
    public HttpChallengeStore store() {
        return store;
    }

    @Override
    public Set<String> challengeTypes() {
        return HttpResponders.TYPES;
    }

    @Override
    public boolean supports(ChallengeContext context) {
        return HttpResponders.supports(context);
    }

    @Override
    public Provision provision(ChallengeContext context) throws ProvisioningException {
        HttpResource resource = HttpResponders.resource(context);
        try {
            store.put(resource);
        } catch (RuntimeException e) {
            throw new ProvisioningException("cannot serve " + resource.path() + ": " + e.getMessage(), e);
        }
        LOG.debug("{}: serving {} from {}", context.identifier(), resource.path(), store);
        return new Provision() {
            private boolean removed;

            @Override
            public synchronized void close() {
                // Removing twice would take away a second order's hold on the same file.
                if (!removed) {
                    removed = true;
                    store.remove(resource);
                    LOG.debug("{}: no longer serving {}", context.identifier(), resource.path());
                }
            }
        };
    }

    @Override
    public String toString() {
        return "StoreHttpResponder[" + store + "]";
    }
}
