package org.certwright.acme.dns.google;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google's OAuth token endpoint and Cloud DNS API v1 as documented:
 * <ul>
 * <li>the JWT bearer grant for service accounts,
 *     https://developers.google.com/identity/protocols/oauth2/service-account#httprest (an RS256 JWT with
 *     {@code iss}, {@code scope}, {@code aud}, {@code iat}, {@code exp}; answers {@code access_token},
 *     {@code expires_in}; {@code {"error": "invalid_grant", "error_description": ...}} when it fails);</li>
 * <li>managedZones.list, https://cloud.google.com/dns/docs/reference/rest/v1/managedZones/list
 *     ({@code pageToken}/{@code nextPageToken});</li>
 * <li>resourceRecordSets.list, https://cloud.google.com/dns/docs/reference/rest/v1/resourceRecordSets/list
 *     ({@code name}, {@code type});</li>
 * <li>changes.create and changes.get, https://cloud.google.com/dns/docs/reference/rest/v1/changes (a deletion
 *     must match the current set exactly: 412 FAILED_PRECONDITION; an addition must not exist: 409
 *     ALREADY_EXISTS; status {@code pending}, then {@code done});</li>
 * <li>errors {@code {"error": {"code", "message", "status"}}}; 429 RESOURCE_EXHAUSTED for quotas.</li>
 * </ul>
 */
final class FakeGoogleDns extends Dispatcher {

    static final String PROJECT = "certwright-test";
    static final String ZONE = "example.test";
    static final String NESTED = "sub.example.test";
    static final String EMAIL = "dns01@certwright-test.iam.gserviceaccount.com";

    private final JsonMapper json = JsonMapper.builder().build();
    private final KeyPair keys;
    private final Map<String, String> zones = new LinkedHashMap<>();
    private final Map<String, Map<String, List<String>>> txt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> changes = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rateLimited = new AtomicInteger();
    final AtomicInteger tokenRequests = new AtomicInteger();
    private volatile String tokenUrl;

    FakeGoogleDns() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        for (int i = 0; i < 3; i++) {
            zones.put("filler-" + i, "filler" + i + ".test");
        }
        zones.put("example-test", ZONE);
        zones.put("sub-example-test", NESTED);
        zones.keySet().forEach(z -> txt.put(z, new ConcurrentHashMap<>()));
    }

    /** A service account key file for this server's key, or for another key (a revoked one, say). */
    String keyFile(String tokenUri, boolean valid) throws Exception {
        this.tokenUrl = tokenUri;
        KeyPair pair = keys;
        if (!valid) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        }
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return json.createObjectNode().put("type", "service_account").put("project_id", PROJECT)
                .put("private_key_id", "k1").put("private_key", pem).put("client_email", EMAIL)
                .put("token_uri", tokenUri).toString();
    }

    void limitNext(int count) {
        rateLimited.set(count);
    }

    Set<String> txt(String zone, String name) {
        String id = zones.entrySet().stream().filter(e -> e.getValue().equals(zone)).findFirst().orElseThrow().getKey();
        synchronized (txt) {
            return txt.get(id).getOrDefault(name + ".", List.of()).stream().map(v -> v.substring(1, v.length() - 1))
                    .collect(Collectors.toSet());
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (rateLimited.getAndUpdate(n -> n == Integer.MAX_VALUE || n <= 0 ? n : n - 1) > 0) {
            return new MockResponse.Builder().code(429).addHeader("Retry-After", "1")
                    .addHeader("Content-Type", "application/json").body(error(429, "Quota exceeded for quota metric"
                            + " 'Write requests' of service 'dns.googleapis.com'", "RESOURCE_EXHAUSTED")).build();
        }
        HttpUrl url = request.getUrl();
        if (url.encodedPath().equals("/token")) {
            return token(request);
        }
        String auth = String.valueOf(request.getHeaders().get("Authorization"));
        if (!auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
            return respond(401, error(401, "Request had invalid authentication credentials. Expected OAuth 2 access token,"
                    + " login cookie or other valid authentication credential.", "UNAUTHENTICATED"));
        }
        List<String> path = url.pathSegments();
        // dns, v1, projects, <project>, managedZones[, <zone>, rrsets|changes[, <id>]]
        if (path.size() < 5 || !path.get(3).equals(PROJECT) || !path.get(4).equals("managedZones")) {
            return respond(404, error(404, "Not found: " + url.encodedPath(), "NOT_FOUND"));
        }
        if (path.size() == 5) {
            return managedZones(url);
        }
        Map<String, List<String>> zone = txt.get(path.get(5));
        if (zone == null) {
            return respond(404, error(404, "The 'parameters.managedZone' resource named '" + path.get(5)
                    + "' does not exist.", "NOT_FOUND"));
        }
        if (path.size() == 7 && path.get(6).equals("rrsets")) {
            ObjectNode body = json.createObjectNode().put("kind", "dns#resourceRecordSetsListResponse");
            ArrayNode sets = body.putArray("rrsets");
            synchronized (txt) {
                List<String> values = zone.get(url.queryParameter("name"));
                if (values != null && "TXT".equals(url.queryParameter("type"))) {
                    sets.add(rrset(url.queryParameter("name"), values));
                }
            }
            return respond(200, body.toString());
        }
        if (path.size() == 7 && path.get(6).equals("changes") && request.getMethod().equals("POST")) {
            return change(zone, json.readTree(request.getBody().utf8()));
        }
        if (path.size() == 8 && path.get(6).equals("changes")) {
            AtomicInteger polls = changes.get(path.get(7));
            if (polls == null) {
                return respond(404, error(404, "The 'parameters.changeId' resource named '" + path.get(7)
                        + "' does not exist.", "NOT_FOUND"));
            }
            return respond(200, json.createObjectNode().put("kind", "dns#change").put("id", path.get(7))
                    .put("status", polls.incrementAndGet() >= 1 ? "done" : "pending").toString());
        }
        return respond(404, error(404, "Not found: " + url.encodedPath(), "NOT_FOUND"));
    }

    private MockResponse token(RecordedRequest request) {
        tokenRequests.incrementAndGet();
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : request.getBody().utf8().split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        try {
            SignedJWT jwt = SignedJWT.parse(form.get("assertion"));
            boolean ok = "urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
                    && jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))
                    && EMAIL.equals(jwt.getJWTClaimsSet().getIssuer())
                    && jwt.getJWTClaimsSet().getAudience().contains(tokenUrl)
                    && GoogleServiceAccount.SCOPE.equals(jwt.getJWTClaimsSet().getStringClaim("scope"));
            if (!ok) {
                return respond(400, "{\"error\": \"invalid_grant\", \"error_description\": \"Invalid JWT Signature.\"}");
            }
        } catch (Exception e) {
            return respond(400, "{\"error\": \"invalid_grant\", \"error_description\": \"" + e.getMessage() + "\"}");
        }
        String token = "ya29." + UUID.randomUUID();
        tokens.add(token);
        return respond(200, json.createObjectNode().put("access_token", token).put("expires_in", 3599)
                .put("token_type", "Bearer").toString());
    }

    private MockResponse managedZones(HttpUrl url) {
        List<String> ids = new ArrayList<>(zones.keySet());
        int from = url.queryParameter("pageToken") == null ? 0 : Integer.parseInt(url.queryParameter("pageToken"));
        int to = Math.min(ids.size(), from + 2);
        ObjectNode body = json.createObjectNode().put("kind", "dns#managedZonesListResponse");
        ArrayNode list = body.putArray("managedZones");
        for (String id : ids.subList(from, to)) {
            list.addObject().put("kind", "dns#managedZone").put("name", id).put("dnsName", zones.get(id) + ".")
                    .put("id", String.valueOf(Math.abs(id.hashCode())));
        }
        if (to < ids.size()) {
            body.put("nextPageToken", String.valueOf(to));
        }
        return respond(200, body.toString());
    }

    private MockResponse change(Map<String, List<String>> zone, JsonNode change) {
        synchronized (txt) {
            Map<String, List<String>> after = new LinkedHashMap<>(zone);
            int i = 0;
            for (JsonNode deletion : change.path("deletions")) {
                List<String> values = new ArrayList<>();
                deletion.path("rrdatas").forEach(v -> values.add(v.asString()));
                if (!values.equals(after.get(deletion.path("name").asString()))) {
                    return respond(412, error(412, "Precondition not met for 'entity.change.deletions[" + i + "]'",
                            "FAILED_PRECONDITION"));
                }
                after.remove(deletion.path("name").asString());
                i++;
            }
            i = 0;
            for (JsonNode addition : change.path("additions")) {
                String name = addition.path("name").asString();
                if (after.containsKey(name)) {
                    return respond(409, error(409, "The resource 'entity.change.additions[" + i + "]' named '" + name
                            + " (TXT)' already exists", "ALREADY_EXISTS"));
                }
                List<String> values = new ArrayList<>();
                addition.path("rrdatas").forEach(v -> values.add(v.asString()));
                after.put(name, values);
                i++;
            }
            zone.clear();
            zone.putAll(after);
        }
        String id = String.valueOf(changes.size() + 1) + "-" + UUID.randomUUID().toString().substring(0, 8);
        changes.put(id, new AtomicInteger(-1));
        ObjectNode body = json.createObjectNode().put("kind", "dns#change").put("id", id).put("status", "pending");
        body.set("additions", change.path("additions"));
        return respond(200, body.toString());
    }

    private ObjectNode rrset(String name, List<String> values) {
        ObjectNode set = json.createObjectNode().put("kind", "dns#resourceRecordSet").put("name", name).put("type", "TXT")
                .put("ttl", 60);
        ArrayNode rrdatas = set.putArray("rrdatas");
        values.forEach(rrdatas::add);
        return set;
    }

    private String error(int code, String message, String status) {
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("code", code).put("message", message).put("status", status);
        return body.toString();
    }

    private static MockResponse respond(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json; charset=UTF-8")
                .body(body).build();
    }
}
