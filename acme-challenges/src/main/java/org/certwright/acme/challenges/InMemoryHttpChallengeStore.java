package org.certwright.acme.challenges;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.certwright.acme.challenge.HttpResource;

/**
 * An {@link HttpChallengeStore} in this process's memory. Thread-safe and lock-free for lookups.
 */
public final class InMemoryHttpChallengeStore implements HttpChallengeStore {

    /** A file and how many provisions hold it. */
    private record Entry(HttpResource resource, int holders) {
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** An empty store. */
    public InMemoryHttpChallengeStore() {
    }

    @Override
    public void put(HttpResource resource) {
        Objects.requireNonNull(resource, "resource");
        entries.compute(resource.name(), (name, entry) -> {
            if (entry == null) {
                return new Entry(resource, 1);
            }
            if (!entry.resource().equals(resource)) {
                throw new IllegalStateException("a different challenge file is in flight under " + resource.path());
            }
            return new Entry(resource, entry.holders() + 1);
        });
    }

    @Override
    public void remove(HttpResource resource) {
        Objects.requireNonNull(resource, "resource");
        entries.computeIfPresent(resource.name(), (name, entry) -> {
            if (!entry.resource().equals(resource)) {
                return entry;
            }
            return entry.holders() == 1 ? null : new Entry(resource, entry.holders() - 1);
        });
    }

    @Override
    public Optional<HttpResource> lookup(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Entry entry = entries.get(name);
        return entry == null ? Optional.empty() : Optional.of(entry.resource());
    }

    /**
     * The names in flight.
     *
     * @return a snapshot
     */
    public Set<String> names() {
        return Set.copyOf(entries.keySet());
    }

    @Override
    public String toString() {
        return "InMemoryHttpChallengeStore" + names();
    }
}
