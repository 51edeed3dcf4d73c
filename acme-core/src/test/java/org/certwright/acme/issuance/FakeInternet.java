package org.certwright.acme.issuance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the fake CA looks at when it validates a challenge: the challenge files web servers serve,
 * the TXT records in DNS, the tls-alpn-01 certificates TLS servers present. {@link FakeResponder}s
 * publish into it and remove from it; {@link FakeCa} reads it. So a test can tell whether a
 * responder really had its response in place at the moment the CA checked.
 *
 * <p>It also keeps a timeline of what responders and the CA did, in the order it happened, for
 * tests about ordering (provision, then await readiness, then answer, then clean up).
 *
 * <p>Thread-safe.
 */
final class FakeInternet {

    /** http-01: {@code host + path} → body. */
    private final Map<String, String> files = new ConcurrentHashMap<>();
    /** dns-01 and friends: record name → TXT values. */
    private final Map<String, Set<String>> txtRecords = new ConcurrentHashMap<>();
    /** tls-alpn-01: SNI → the acmeIdentifier digest of the certificate presented. */
    private final Map<String, byte[]> alpnCertificates = new ConcurrentHashMap<>();
    private final List<String> timeline = new ArrayList<>();

    // ---- publishing (responders) -----------------------------------------------------------

    void serveFile(String host, String path, String content) {
        files.put(host + path, content);
    }

    void removeFile(String host, String path) {
        files.remove(host + path);
    }

    void addTxt(String name, String value) {
        txtRecords.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(value);
    }

    void removeTxt(String name, String value) {
        txtRecords.computeIfPresent(name, (n, values) -> {
            values.remove(value);
            return values.isEmpty() ? null : values;
        });
    }

    void presentAlpnCertificate(String serverName, byte[] digest) {
        alpnCertificates.put(serverName, digest.clone());
    }

    void removeAlpnCertificate(String serverName) {
        alpnCertificates.remove(serverName);
    }

    // ---- looking (the CA) ------------------------------------------------------------------

    /** What {@code GET http://host/path} returns, if anything. */
    Optional<String> fetch(String host, String path) {
        return Optional.ofNullable(files.get(host + path));
    }

    /** The TXT values at a name. */
    Set<String> txt(String name) {
        return Set.copyOf(txtRecords.getOrDefault(name, Set.of()));
    }

    /** Whether a TLS server for {@code serverName} presents a tls-alpn-01 certificate with {@code digest}. */
    boolean presentsAlpnCertificate(String serverName, byte[] digest) {
        byte[] presented = alpnCertificates.get(serverName);
        return presented != null && Arrays.equals(presented, digest);
    }

    /** Whether anything at all is still published: after an issuance, nothing should be. */
    boolean isEmpty() {
        return files.isEmpty() && txtRecords.isEmpty() && alpnCertificates.isEmpty();
    }

    @Override
    public String toString() {
        return "FakeInternet[files=" + files.keySet() + ", txt=" + txtRecords + ", alpn=" + alpnCertificates.keySet()
                + "]";
    }

    // ---- the timeline ----------------------------------------------------------------------

    /** Notes an event such as {@code "provisioned http-01 dns:a.example"}. */
    void record(String event) {
        synchronized (timeline) {
            timeline.add(event);
        }
    }

    /** Everything recorded so far, oldest first. */
    List<String> timeline() {
        synchronized (timeline) {
            return List.copyOf(timeline);
        }
    }
}
