package org.certwright.acme.internal.protocol.draft;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A map that forgets its least recently used entry beyond a fixed size, so that what the draft
 * protocol remembers per order and per certificate cannot grow without bound in a long-lived
 * session. Thread-safe; its lock is never held across I/O.
 */
final class BoundedMap<K, V> {

    private final Map<K, V> entries;

    BoundedMap(int maxEntries) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized Optional<V> get(K key) {
        return Optional.ofNullable(entries.get(key));
    }

    synchronized void put(K key, V value) {
        entries.put(key, value);
    }
}
