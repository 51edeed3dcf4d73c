package org.certwright.acme.lifecycle;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.certwright.acme.challenge.TlsAlpnValidation;

/**
 * Everything {@link ManagedKeyManager} serves at one moment. Immutable: every change makes a new
 * snapshot, so a handshake reads a consistent state without a lock.
 */
final class KeySnapshot {

    static final KeySnapshot EMPTY = new KeySnapshot(new LinkedHashMap<>(), Optional.empty(), new HashMap<>(),
            List.of());

    /** A validation certificate and the validation it answers. */
    private record Installed(TlsAlpnValidation validation, KeyEntry entry) {
    }

    private static final Comparator<KeyEntry> NEWEST_FIRST = Comparator.comparingLong(KeyEntry::sequence).reversed();

    /** In the order first added; replacing keeps the position. */
    private final LinkedHashMap<String, KeyEntry> certificates;
    private final Optional<String> defaultId;
    private final Map<String, Installed> validations;
    /** Replaced and removed entries still resolvable by alias, newest first. */
    private final List<KeyEntry> retired;

    private final Map<String, List<KeyEntry>> byName = new HashMap<>();
    private final Map<InetAddress, List<KeyEntry>> byAddress = new HashMap<>();
    private final Map<String, KeyEntry> byAlias = new HashMap<>();
    private final Optional<KeyEntry> defaultEntry;

    private KeySnapshot(LinkedHashMap<String, KeyEntry> certificates, Optional<String> defaultId,
                        Map<String, Installed> validations, List<KeyEntry> retired) {
        this.certificates = certificates;
        this.defaultId = defaultId;
        this.validations = validations;
        this.retired = retired;
        for (KeyEntry entry : certificates.values()) {
            entry.dnsNames().forEach(name -> byName.computeIfAbsent(name, n -> new ArrayList<>()).add(entry));
            entry.addresses().forEach(a -> byAddress.computeIfAbsent(a, n -> new ArrayList<>()).add(entry));
        }
        byName.values().forEach(list -> list.sort(NEWEST_FIRST));
        byAddress.values().forEach(list -> list.sort(NEWEST_FIRST));
        retired.forEach(e -> byAlias.put(e.alias(), e));
        validations.values().forEach(i -> byAlias.put(i.entry().alias(), i.entry()));
        certificates.values().forEach(e -> byAlias.put(e.alias(), e));
        this.defaultEntry = defaultId.map(certificates::get)
                .or(() -> certificates.values().stream().findFirst());
    }

    KeySnapshot withCertificate(KeyEntry entry) {
        LinkedHashMap<String, KeyEntry> next = new LinkedHashMap<>(certificates);
        KeyEntry old = next.put(entry.id(), entry);
        return new KeySnapshot(next, defaultId, validations, retire(old));
    }

    KeySnapshot withoutCertificate(String id) {
        if (!certificates.containsKey(id)) {
            return this;
        }
        LinkedHashMap<String, KeyEntry> next = new LinkedHashMap<>(certificates);
        KeyEntry old = next.remove(id);
        return new KeySnapshot(next, defaultId, validations, retire(old));
    }

    KeySnapshot withDefault(Optional<String> id) {
        return new KeySnapshot(certificates, id, validations, retired);
    }

    KeySnapshot withValidation(TlsAlpnValidation validation, KeyEntry entry) {
        Map<String, Installed> next = new HashMap<>(validations);
        Installed old = next.put(key(validation), new Installed(validation, entry));
        return new KeySnapshot(certificates, defaultId, next, retire(old == null ? null : old.entry()));
    }

    KeySnapshot withoutValidation(TlsAlpnValidation validation) {
        Installed current = validations.get(key(validation));
        if (current == null || !current.validation().equals(validation)) {
            return this;
        }
        Map<String, Installed> next = new HashMap<>(validations);
        next.remove(key(validation));
        return new KeySnapshot(certificates, defaultId, next, retire(current.entry()));
    }

    Optional<KeyEntry> certificate(String id) {
        return Optional.ofNullable(certificates.get(id));
    }

    Set<String> ids() {
        return Set.copyOf(certificates.keySet());
    }

    Optional<KeyEntry> byAlias(String alias) {
        return alias == null ? Optional.empty() : Optional.ofNullable(byAlias.get(alias));
    }

    /** The validation whose certificate is served for a server name, if any. */
    Optional<TlsAlpnValidation> validationFor(String serverName) {
        return Optional.ofNullable(validations.get(serverName)).map(Installed::validation);
    }

    Optional<KeyEntry> validation(String serverName) {
        return Optional.ofNullable(validations.get(serverName)).map(Installed::entry);
    }

    String[] serverAliases(String keyType) {
        return certificates.values().stream().filter(e -> keyType != null && e.accepts(keyType))
                .map(KeyEntry::alias).toArray(String[]::new);
    }

    /**
     * The certificate for a handshake, as the class description of {@link ManagedKeyManager}
     * says: the name's certificates (exact, then wildcard) or the local address's, else the
     * default; of those the newest of an acceptable key type. A name with certificates never falls
     * back to the default, so a client is not given another name's certificate of the right type
     * when this name's are of the wrong one.
     */
    Optional<KeyEntry> select(Optional<String> sni, Optional<InetAddress> localAddress, String keyType) {
        List<KeyEntry> candidates = sni.map(this::forName)
                .orElseGet(() -> localAddress.map(byAddress::get).orElse(null));
        if (candidates == null || candidates.isEmpty()) {
            candidates = defaultEntry.map(List::of).orElse(List.of());
        }
        return candidates.stream().filter(e -> e.accepts(keyType)).findFirst();
    }

    private List<KeyEntry> forName(String name) {
        List<KeyEntry> exact = byName.get(name);
        if (exact != null) {
            return exact;
        }
        int dot = name.indexOf('.');
        // A wildcard covers exactly one label, and never stands for a whole name itself.
        return dot <= 0 || name.startsWith("*") ? null : byName.get("*" + name.substring(dot));
    }

    private List<KeyEntry> retire(KeyEntry old) {
        if (old == null) {
            return retired;
        }
        Deque<KeyEntry> next = new ArrayDeque<>(retired);
        next.addFirst(old);
        while (next.size() > ManagedKeyManager.RETIRED) {
            next.removeLast();
        }
        return List.copyOf(next);
    }

    private static String key(TlsAlpnValidation validation) {
        return KeyEntry.normalize(validation.serverName());
    }
}
