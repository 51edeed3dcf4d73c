package org.certwright.acme.lifecycle;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.certwright.acme.internal.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * What the manager persists with a certificate in {@link StoreLayout#certificateMetadata}: the
 * issuing CA, the ARI state, the backoff state, the expiry-warning state and the last attempts.
 * Instants are ISO-8601 strings and durations ISO-8601 periods, so that the file reads well.
 * Unknown members are ignored, so that a newer version's metadata does not stop an older one.
 */
final class ManagedCertificateMetadata {

    static final int VERSION = 1;

    static final ManagedCertificateMetadata EMPTY = new ManagedCertificateMetadata(Optional.empty(), Optional.empty(),
            BackoffState.none(), ExpiryWarningState.none(), List.of());

    private final Optional<String> caId;
    private final Optional<AriState> ari;
    private final BackoffState backoff;
    private final ExpiryWarningState warnings;
    private final List<AttemptRecord> attempts;

    ManagedCertificateMetadata(Optional<String> caId, Optional<AriState> ari, BackoffState backoff,
                               ExpiryWarningState warnings, List<AttemptRecord> attempts) {
        this.caId = caId;
        this.ari = ari;
        this.backoff = backoff;
        this.warnings = warnings;
        this.attempts = List.copyOf(attempts);
    }

    Optional<String> caId() {
        return caId;
    }

    Optional<AriState> ari() {
        return ari;
    }

    BackoffState backoff() {
        return backoff;
    }

    ExpiryWarningState warnings() {
        return warnings;
    }

    List<AttemptRecord> attempts() {
        return attempts;
    }

    /** The last attempt, if it failed. */
    Optional<AttemptRecord> lastError() {
        return attempts.isEmpty() || attempts.get(attempts.size() - 1).succeeded() ? Optional.empty()
                : Optional.of(attempts.get(attempts.size() - 1));
    }

    ManagedCertificateMetadata withAri(Optional<AriState> a) {
        return new ManagedCertificateMetadata(caId, a, backoff, warnings, attempts);
    }

    ManagedCertificateMetadata withWarnings(ExpiryWarningState w) {
        return new ManagedCertificateMetadata(caId, ari, backoff, w, attempts);
    }

    /** After a failure: the new backoff, the attempt added, the rest kept. */
    ManagedCertificateMetadata failed(BackoffState b, AttemptRecord attempt, int history) {
        return new ManagedCertificateMetadata(caId, ari, b, warnings, appended(attempt, history));
    }

    /** After a success: a new certificate, so its CA, no ARI or warning state yet, no backoff. */
    ManagedCertificateMetadata succeeded(String ca, AttemptRecord attempt, int history) {
        return new ManagedCertificateMetadata(Optional.of(ca), Optional.empty(), BackoffState.none(),
                ExpiryWarningState.none(), appended(attempt, history));
    }

    private List<AttemptRecord> appended(AttemptRecord attempt, int history) {
        List<AttemptRecord> all = new ArrayList<>(attempts);
        all.add(attempt);
        return all.subList(Math.max(0, all.size() - history), all.size());
    }

    byte[] toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", VERSION);
        caId.ifPresent(c -> root.put("issuingCa", c));
        ari.ifPresent(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("windowStart", a.windowStart().toString());
            m.put("windowEnd", a.windowEnd().toString());
            m.put("chosen", a.chosen().toString());
            m.put("nextCheck", a.nextCheck().toString());
            a.explanationUrl().ifPresent(u -> m.put("explanationUrl", u.toString()));
            root.put("ari", m);
        });
        if (backoff.consecutiveFailures() > 0) {
            root.put("backoff", Map.of("consecutiveFailures", backoff.consecutiveFailures(),
                    "notBefore", backoff.notBefore().orElseThrow().toString()));
        }
        warnings.notAfter().ifPresent(n -> root.put("expiryWarnings", Map.of("notAfter", n.toString(),
                "reported", warnings.reported().stream().sorted().map(Duration::toString).toList())));
        List<Map<String, Object>> list = new ArrayList<>();
        for (AttemptRecord a : attempts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", a.time().toString());
            m.put("succeeded", a.succeeded());
            m.put("ca", a.caId());
            a.problemType().ifPresent(p -> m.put("problemType", p));
            a.detail().ifPresent(d -> m.put("detail", d));
            a.challengeType().ifPresent(c -> m.put("challengeType", c));
            list.add(m);
        }
        root.put("attempts", list);
        return Json.write(root);
    }

    /**
     * Reads metadata.
     *
     * @throws StoreException if it is not metadata this version understands
     */
    static ManagedCertificateMetadata fromJson(String blobName, byte[] json) throws StoreException {
        try {
            JsonNode root = Json.parse(json);
            if (!root.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            int version = root.path("version").asInt(-1);
            if (version != VERSION) {
                throw new IllegalArgumentException("unsupported metadata version " + root.path("version"));
            }
            Optional<String> ca = string(root, "issuingCa");
            Optional<AriState> ari = Optional.empty();
            JsonNode a = root.path("ari");
            if (a.isObject()) {
                ari = Optional.of(AriState.of(instant(a, "windowStart"), instant(a, "windowEnd"), instant(a, "chosen"),
                        instant(a, "nextCheck"), string(a, "explanationUrl").map(URI::create)));
            }
            BackoffState backoff = BackoffState.none();
            JsonNode b = root.path("backoff");
            if (b.isObject()) {
                backoff = BackoffState.of(b.path("consecutiveFailures").asInt(1), instant(b, "notBefore"));
            }
            ExpiryWarningState warnings = ExpiryWarningState.none();
            JsonNode w = root.path("expiryWarnings");
            if (w.isObject()) {
                Set<Duration> reported = new TreeSet<>();
                for (JsonNode d : w.path("reported")) {
                    reported.add(Duration.parse(d.stringValue()));
                }
                warnings = ExpiryWarningState.of(instant(w, "notAfter"), reported);
            }
            List<AttemptRecord> attempts = new ArrayList<>();
            for (JsonNode t : root.path("attempts")) {
                attempts.add(new AttemptRecord(instant(t, "time"), t.path("succeeded").asBoolean(false),
                        string(t, "ca").orElse(""), string(t, "problemType"), string(t, "detail"),
                        string(t, "challengeType")));
            }
            return new ManagedCertificateMetadata(ca, ari, backoff, warnings, attempts);
        } catch (Json.JsonSyntaxException | RuntimeException e) {
            throw new StoreException("the certificate metadata cannot be read: " + e.getMessage(), blobName, e);
        }
    }

    private static Optional<String> string(JsonNode node, String name) {
        JsonNode v = node.path(name);
        return v.isString() ? Optional.of(v.stringValue()) : Optional.empty();
    }

    private static Instant instant(JsonNode node, String name) {
        String s = string(node, name).orElseThrow(() -> new IllegalArgumentException("'" + name + "' is missing"));
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not an instant: " + s, e);
        }
    }
}
