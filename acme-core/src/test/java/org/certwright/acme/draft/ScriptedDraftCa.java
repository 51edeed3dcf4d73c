package org.certwright.acme.draft;

import java.net.URI;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.certwright.acme.Identifier;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.internal.jose.Jwks;

/**
 * A draft-barnes-acme CA for tests, speaking exactly the draft's examples on the paths of the
 * seed's slides: {@code /acme/new-reg}, {@code /acme/reg/1}, {@code /acme/new-authz},
 * {@code /acme/authz/<n>} with challenges {@code /acme/authz/<n>/<i>}, {@code /acme/new-cert},
 * {@code /acme/cert/<n>} and {@code /acme/ca-cert}.
 *
 * <p>It checks every POST as a draft server would (a JWS whose header holds exactly {@code alg}
 * and {@code jwk}, verified with that key, always the same key) and answers a malformed one with
 * {@code urn:acme:error:malformed}, recording why in {@link #violations()}. Each authorization
 * offers {@code simpleHttps} and {@code dns} with {@code combinations [[0], [1]]}; a challenge
 * response is validated at once by the test's {@link Validator}, and issuance requires valid
 * authorizations for every name of the CSR. Issued certificates are signed by a test CA whose
 * certificate is behind {@code Link rel="up"}.
 */
public final class ScriptedDraftCa extends Dispatcher {

    /** Checks a challenge response as the CA's validation would. */
    @FunctionalInterface
    public interface Validator {
        /**
         * Whether the challenge was met.
         *
         * @param domain     the name being validated
         * @param type       {@code simpleHttps} or {@code dns}
         * @param token      the challenge's token
         * @param response   the client's response object
         * @param accountKey the key being authorized
         * @return {@code true} if validation succeeded
         */
        boolean validate(String domain, String type, String token, Map<String, Object> response, PublicKey accountKey)
                throws Exception;
    }

    private record Authz(int number, String domain, List<String> tokens, String status, Map<String, Object> answered) {
        Authz with(String newStatus, Map<String, Object> response) {
            return new Authz(number, domain, tokens, newStatus, response);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> TYPES = List.of("simpleHttps", "dns");

    private final String base;
    private final Validator validator;
    private final KeyPair caKey = KeyType.EC_P256.generate();
    private final X509Certificate caCertificate;
    private final AtomicInteger authzNumbers = new AtomicInteger();
    private final AtomicInteger certNumbers = new AtomicInteger();
    private final Map<Integer, Authz> authorizations = new ConcurrentHashMap<>();
    private final Map<Integer, X509Certificate> certificates = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Set<Integer> revoked = ConcurrentHashMap.newKeySet();
    private final Map<String, MockResponse> overrides = new ConcurrentHashMap<>();
    private volatile PublicKey accountKey;

    /**
     * A CA whose URLs start with {@code base} (the mock server's root, ending in {@code /}).
     *
     * @param validator decides whether challenge responses succeed
     */
    public ScriptedDraftCa(String base, Validator validator) throws Exception {
        this.base = base;
        this.validator = validator;
        this.caCertificate = DraftWire.caCertificate(caKey);
    }

    /** The test CA's certificate, the top of every chain. */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** Every request, in arrival order. */
    public List<RecordedRequest> requests() {
        return Collections.unmodifiableList(requests);
    }

    /** The method and path of every request, as {@code "POST /acme/new-reg"}. */
    public List<String> requestLines() {
        return requests.stream().map(r -> r.getMethod() + " " + r.getTarget()).toList();
    }

    /** What the CA found wrong with the client's requests; empty when they were all as the draft says. */
    public List<String> violations() {
        return Collections.unmodifiableList(violations);
    }

    /** The numbers of revoked certificates. */
    public Set<Integer> revoked() {
        return Set.copyOf(revoked);
    }

    /** Answers the next request for {@code path} with {@code response} instead, for error paths. */
    public void answerOnce(String path, MockResponse response) {
        overrides.put(path, response);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        MockResponse override = overrides.remove(request.getTarget());
        if (override != null) {
            return override;
        }
        try {
            String path = request.getTarget();
            if (request.getMethod().equals("GET")) {
                return get(path);
            }
            if (!request.getMethod().equals("POST")) {
                return DraftWire.problem(405, "urn:acme:error:malformed", "method not allowed");
            }
            DraftWire.Signed signed = DraftWire.signed(request);
            if (!signed.header().keySet().equals(Set.of("alg", "jwk"))) {
                return malformed("JWS header must hold exactly alg and jwk, not " + signed.header().keySet());
            }
            PublicKey key = signed.jwk().getKeyType().getValue().equals("EC") ? signed.jwk().toECKey().toPublicKey()
                    : signed.jwk().toRSAKey().toPublicKey();
            if (accountKey == null) {
                accountKey = key;
            } else if (!accountKey.equals(key)) {
                return DraftWire.problem(403, "urn:acme:error:unauthorized", "another account key");
            }
            return post(path, signed.payload());
        } catch (Exception e) {
            violations.add(request.getRequestLine() + ": " + e);
            return DraftWire.problem(500, "urn:acme:error:serverInternal", String.valueOf(e.getMessage()));
        }
    }

    private MockResponse post(String path, Map<String, Object> payload) throws Exception {
        if (path.equals("/acme/new-reg")) {
            if (!payload.keySet().equals(Set.of("contact")) && !payload.isEmpty()) {
                return malformed("new-reg must carry only contact, not " + payload.keySet());
            }
            return DraftWire.json(201, registration(payload, null), "Location: " + base + "acme/reg/1",
                    "Link: <" + base + "acme/new-authz>;rel=\"next\"",
                    "Link: <" + base + "acme/terms>;rel=\"terms-of-service\"");
        }
        if (path.equals("/acme/reg/1")) {
            return DraftWire.json(200, registration(Map.of(), (String) payload.get("agreement")));
        }
        if (path.equals("/acme/new-authz")) {
            return newAuthz(payload);
        }
        if (path.matches("/acme/authz/\\d+/\\d")) {
            String[] parts = path.split("/");
            return respond(Integer.parseInt(parts[3]), Integer.parseInt(parts[4]), payload);
        }
        if (path.equals("/acme/new-cert")) {
            return newCert(payload);
        }
        if (path.matches("/acme/cert/\\d+")) {
            int n = Integer.parseInt(path.substring("/acme/cert/".length()));
            if (!payload.containsKey("revoke") || !payload.containsKey("authorizations")) {
                return malformed("revocation needs revoke and authorizations");
            }
            revoked.add(n);
            return new MockResponse.Builder().code(200).addHeader("Content-Length", "0").build();
        }
        return DraftWire.problem(404, "urn:acme:error:malformed", "no such resource " + path);
    }

    private String registration(Map<String, Object> payload, String agreement) {
        Map<String, Object> reg = new LinkedHashMap<>();
        reg.put("key", Jwks.toJwk(accountKey).toJSONObject());
        reg.put("contact", payload.getOrDefault("contact", List.of()));
        if (agreement != null) {
            reg.put("agreement", agreement);
        }
        reg.put("recoveryToken", token());
        return DraftWire.JSON.writeValueAsString(reg);
    }

    @SuppressWarnings("unchecked")
    private MockResponse newAuthz(Map<String, Object> payload) {
        if (!payload.keySet().equals(Set.of("identifier"))) {
            return malformed("new-authz must carry only identifier, not " + payload.keySet());
        }
        Map<String, Object> identifier = (Map<String, Object>) payload.get("identifier");
        if (!"dns".equals(identifier.get("type"))) {
            return malformed("identifier type must be dns");
        }
        String domain = (String) identifier.get("value");
        if (domain.endsWith(".invalid")) {
            return DraftWire.problem(403, "urn:acme:error:unauthorized", "will not issue for " + domain);
        }
        Authz authz = new Authz(authzNumbers.incrementAndGet(), domain, List.of(token(), token()), "pending", Map.of());
        authorizations.put(authz.number(), authz);
        return DraftWire.json(201, authzJson(authz), "Location: " + base + "acme/authz/" + authz.number(),
                "Link: <" + base + "acme/new-cert>;rel=\"next\"");
    }

    private MockResponse respond(int number, int index, Map<String, Object> response) throws Exception {
        Authz authz = authorizations.get(number);
        if (authz == null || index >= TYPES.size()) {
            return DraftWire.problem(404, "urn:acme:error:malformed", "no such challenge");
        }
        String type = TYPES.get(index);
        boolean ok = validator.validate(authz.domain(), type, authz.tokens().get(index), response, accountKey);
        authorizations.put(number, authz.with(ok ? "valid" : "invalid", Map.of(type, response)));
        Map<String, Object> challenge = challengeJson(authz, index);
        challenge.putAll(response);
        return DraftWire.json(200, DraftWire.JSON.writeValueAsString(challenge),
                "Link: <" + base + "acme/authz/" + number + ">;rel=\"up\"");
    }

    @SuppressWarnings("unchecked")
    private MockResponse newCert(Map<String, Object> payload) throws Exception {
        if (!payload.keySet().equals(Set.of("csr", "authorizations"))) {
            return malformed("new-cert must carry csr and authorizations, not " + payload.keySet());
        }
        Csr csr = new Csr(Base64.getUrlDecoder().decode((String) payload.get("csr")));
        List<String> names = new ArrayList<>();
        for (Identifier id : csr.identifiers()) {
            names.add(id.value());
        }
        for (String name : names) {
            boolean authorized = ((List<String>) payload.get("authorizations")).stream()
                    .map(u -> authorizations.get(Integer.parseInt(u.substring((base + "acme/authz/").length()))))
                    .anyMatch(a -> a != null && a.domain().equals(name) && a.status().equals("valid"));
            if (!authorized) {
                return DraftWire.problem(403, "urn:acme:error:unauthorized", "No authorization provided for name "
                        + name);
            }
        }
        int n = certNumbers.incrementAndGet();
        X509Certificate leaf = DraftWire.leaf(csr.publicKey(), names, caCertificate, caKey);
        certificates.put(n, leaf);
        return DraftWire.der(201, leaf, "Location: " + base + "acme/cert/" + n,
                "Link: <" + base + "acme/ca-cert>;rel=\"up\";title=\"issuer\"");
    }

    private MockResponse get(String path) throws Exception {
        if (path.matches("/acme/authz/\\d+")) {
            Authz authz = authorizations.get(Integer.parseInt(path.substring("/acme/authz/".length())));
            return authz == null ? DraftWire.problem(404, "urn:acme:error:malformed", "no such authorization")
                    : DraftWire.json(200, authzJson(authz));
        }
        if (path.equals("/acme/ca-cert")) {
            return DraftWire.der(200, caCertificate);
        }
        if (path.matches("/acme/cert/\\d+")) {
            X509Certificate leaf = certificates.get(Integer.parseInt(path.substring("/acme/cert/".length())));
            return DraftWire.der(200, leaf, "Link: <" + base + "acme/ca-cert>;rel=\"up\";title=\"issuer\"");
        }
        return DraftWire.problem(404, "urn:acme:error:malformed", "no such resource " + path);
    }

    private String authzJson(Authz authz) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", authz.status());
        json.put("identifier", Map.of("type", "dns", "value", authz.domain()));
        json.put("key", Jwks.toJwk(accountKey).toJSONObject());
        List<Object> challenges = new ArrayList<>();
        for (int i = 0; i < TYPES.size(); i++) {
            challenges.add(challengeJson(authz, i));
        }
        json.put("challenges", challenges);
        if (authz.status().equals("valid")) {
            json.put("expires", "2030-01-01T00:00:00Z");
        } else {
            json.put("combinations", List.of(List.of(0), List.of(1)));
        }
        return DraftWire.JSON.writeValueAsString(json);
    }

    private Map<String, Object> challengeJson(Authz authz, int index) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", TYPES.get(index));
        c.put("uri", base + "acme/authz/" + authz.number() + "/" + index);
        c.put("token", authz.tokens().get(index));
        Map<String, Object> answered = authz.answered();
        if (answered.containsKey(TYPES.get(index))) {
            c.put("status", authz.status());
        }
        return c;
    }

    private MockResponse malformed(String why) {
        violations.add(why);
        return DraftWire.problem(400, "urn:acme:error:malformed", why);
    }

    private static String token() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The base URL as a URI, for building sessions. */
    public URI newRegUrl() {
        return URI.create(base + "acme/new-reg");
    }
}
