package org.certwright.acme.dns.azure;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Microsoft Entra ID's token endpoint and the Azure DNS REST API (2018-05-01) as documented:
 * <ul>
 * <li>client credentials grant, https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 *     ({@code POST /{tenant}/oauth2/v2.0/token}; {@code {"error": "invalid_client", "error_description"}} on a bad
 *     secret);</li>
 * <li>Zones - List, https://learn.microsoft.com/en-us/rest/api/dns/zones/list ({@code value}, {@code nextLink});</li>
 * <li>Record Sets - Get / Create Or Update / Delete,
 *     https://learn.microsoft.com/en-us/rest/api/dns/record-sets/create-or-update ({@code etag},
 *     {@code properties.TTL}, {@code properties.TXTRecords[].value[]}; {@code If-Match} and
 *     {@code If-None-Match: *} answered with 412 PreconditionFailed when they do not hold; 404 for a missing set);</li>
 * <li>errors {@code {"error": {"code", "message"}}}; throttling 429 with {@code Retry-After}.</li>
 * </ul>
 */
final class FakeAzureDns extends Dispatcher {

    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String CLIENT = "0a1b2c3d-0000-4000-8000-000000000001";
    static final String SECRET = "azure~s3cret~value";
    static final String SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
    static final String ZONE = "example.test";
    static final String NESTED = "sub.example.test";

    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, String> zones = new LinkedHashMap<>();
    private final Map<String, Map<String, List<String>>> txt = new ConcurrentHashMap<>();
    private final Map<String, String> etags = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private volatile String base;

    FakeAzureDns() {
        for (String zone : List.of("filler0.test", "filler1.test", ZONE, NESTED)) {
            zones.put(zone, "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/dns-rg/providers/Microsoft.Network/dnszones/"
                    + zone);
            txt.put(zone, new ConcurrentHashMap<>());
        }
    }

    void limitNext(int count) {
        rateLimited.set(count);
    }

    Set<String> txt(String zone, String name) {
        synchronized (txt) {
            String relative = name.equals(zone) ? "@" : name.substring(0, name.length() - zone.length() - 1);
            return Set.copyOf(txt.get(zone).getOrDefault(relative, List.of()));
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        base = url.scheme() + "://" + url.host() + ":" + url.port();
        if (rateLimited.getAndUpdate(n -> n == Integer.MAX_VALUE || n <= 0 ? n : n - 1) > 0) {
            return new MockResponse.Builder().code(429).addHeader("Retry-After", "1").addHeader("Content-Type",
                    "application/json").body(error("TooManyRequests", "The request is being throttled.")).build();
        }
        if (url.encodedPath().equals("/" + TENANT + "/oauth2/v2.0/token")) {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : request.getBody().utf8().split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
            }
            if (!"client_credentials".equals(form.get("grant_type")) || !CLIENT.equals(form.get("client_id"))
                    || !SECRET.equals(form.get("client_secret")) || !form.getOrDefault("scope", "").endsWith("/.default")) {
                return respond(401, "{\"error\": \"invalid_client\", \"error_description\": \"AADSTS7000215: Invalid client"
                        + " secret provided.\\r\\nTrace ID: 0000\", \"error_codes\": [7000215]}");
            }
            String token = "eyJ0" + UUID.randomUUID();
            tokens.add(token);
            return respond(200, json.createObjectNode().put("token_type", "Bearer").put("expires_in", 3599)
                    .put("access_token", token).toString());
        }
        String auth = String.valueOf(request.getHeaders().get("Authorization"));
        if (!auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
            return respond(401, error("InvalidAuthenticationToken", "The access token is invalid."));
        }
        if (!"2018-05-01".equals(url.queryParameter("api-version"))) {
            return respond(400, error("InvalidApiVersionParameter", "missing or unsupported api-version"));
        }
        List<String> path = url.pathSegments();
        if (path.size() == 5 && path.get(4).equals("dnszones")) {
            List<String> names = new ArrayList<>(zones.keySet());
            int from = url.queryParameter("$skiptoken") == null ? 0 : Integer.parseInt(url.queryParameter("$skiptoken"));
            int to = Math.min(names.size(), from + 2);
            ObjectNode body = json.createObjectNode();
            ArrayNode value = body.putArray("value");
            names.subList(from, to).forEach(z -> value.addObject().put("id", zones.get(z)).put("name", z)
                    .put("type", "Microsoft.Network/dnszones"));
            if (to < names.size()) {
                body.put("nextLink", base + url.encodedPath() + "?api-version=2018-05-01&$skiptoken=" + to);
            }
            return respond(200, body.toString());
        }
        // subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/dnszones/<zone>/TXT/<relative>
        if (path.size() == 10 && path.get(8).equals("TXT")) {
            Map<String, List<String>> zone = txt.get(path.get(7));
            if (zone == null) {
                return respond(404, error("ParentResourceNotFound", "zone " + path.get(7) + " not found"));
            }
            return recordSet(zone, path.get(7) + "/" + path.get(9), path.get(9), request);
        }
        return respond(404, error("NotFound", "no such resource " + url.encodedPath()));
    }

    private MockResponse recordSet(Map<String, List<String>> zone, String key, String relative, RecordedRequest request) {
        synchronized (txt) {
            List<String> values = zone.get(relative);
            String etag = etags.get(key);
            String ifMatch = request.getHeaders().get("If-Match");
            String ifNoneMatch = request.getHeaders().get("If-None-Match");
            if ((ifMatch != null && (values == null || !ifMatch.equals(etag)))
                    || ("*".equals(ifNoneMatch) && values != null)) {
                return respond(412, error("PreconditionFailed", "The Record set " + relative + " has been modified"
                        + " (etag mismatch)."));
            }
            switch (request.getMethod()) {
                case "GET" -> {
                    if (values == null) {
                        return respond(404, error("NotFound", "The resource record '" + relative + "' does not exist in"
                                + " resource group 'dns-rg' of subscription '" + SUBSCRIPTION + "'."));
                    }
                    return respond(200, body(relative, values, etag));
                }
                case "PUT" -> {
                    List<String> updated = new ArrayList<>();
                    for (JsonNode record : json.readTree(request.getBody().utf8()).path("properties").path("TXTRecords")) {
                        StringBuilder value = new StringBuilder();
                        record.path("value").forEach(p -> value.append(p.asString()));
                        updated.add(value.toString());
                    }
                    zone.put(relative, updated);
                    String newTag = UUID.randomUUID().toString();
                    etags.put(key, newTag);
                    return respond(values == null ? 201 : 200, body(relative, updated, newTag));
                }
                case "DELETE" -> {
                    zone.remove(relative);
                    etags.remove(key);
                    return new MockResponse.Builder().code(values == null ? 204 : 200).build();
                }
                default -> {
                    return respond(405, error("MethodNotAllowed", request.getMethod()));
                }
            }
        }
    }

    private String body(String relative, List<String> values, String etag) {
        ObjectNode body = json.createObjectNode().put("name", relative).put("type", "Microsoft.Network/dnszones/TXT")
                .put("etag", etag);
        ObjectNode properties = body.putObject("properties").put("TTL", 60);
        ArrayNode records = properties.putArray("TXTRecords");
        values.forEach(v -> records.addObject().putArray("value").add(v));
        return body.toString();
    }

    private String error(String code, String message) {
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return body.toString();
    }

    private static MockResponse respond(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json; charset=utf-8")
                .body(body).build();
    }
}
