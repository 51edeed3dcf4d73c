package org.certwright.acme.dns.cloudflare;

import java.util.ArrayList;
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
 * The part of the Cloudflare API v4 a dns-01 provider uses, with the shapes of the published reference:
 * <ul>
 * <li>List Zones, https://developers.cloudflare.com/api/resources/zones/methods/list/ ({@code page},
 *     {@code per_page}, {@code result_info.total_pages});</li>
 * <li>List DNS Records, https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/list/
 *     ({@code type}, {@code name} filters, paginated the same way);</li>
 * <li>Create DNS Record, .../records/methods/create/ (400 with code 81058 "An identical record already
 *     exists." for a duplicate);</li>
 * <li>Delete DNS Record, .../records/methods/delete/ (answers {@code {"result": {"id": ...}}});</li>
 * <li>the envelope {@code {"success", "errors": [{"code", "message"}], "messages", "result"}} and, for a bad
 *     token, 403 with code 10000 "Authentication error" (https://developers.cloudflare.com/fundamentals/api/troubleshooting/);</li>
 * <li>rate limits: 429 with {@code Retry-After} (https://developers.cloudflare.com/fundamentals/api/reference/limits/).</li>
 * </ul>
 */
final class FakeCloudflare extends Dispatcher {

    static final String TOKEN = "cf-t0ken-0123456789abcdef";
    static final String ZONE = "example.test";
    static final String NESTED = "sub.example.test";

    private record Zone(String id, String name) {
    }

    private record Record(String id, String name, String content) {
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Zone> zones = new ArrayList<>();
    private final Map<String, List<Record>> records = new ConcurrentHashMap<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    final AtomicInteger zoneListings = new AtomicInteger();

    FakeCloudflare() {
        // More zones than fit a page of 50, the test's zones on the second page.
        for (int i = 0; i < 55; i++) {
            zones.add(new Zone(id(), "filler" + i + ".test"));
        }
        zones.add(new Zone(id(), ZONE));
        zones.add(new Zone(id(), NESTED));
        zones.forEach(z -> records.put(z.id(), new ArrayList<>()));
    }

    void limitNext(int count) {
        rateLimited.set(count);
    }

    Set<String> txt(String zone, String name) {
        String id = zones.stream().filter(z -> z.name().equals(zone)).findFirst().orElseThrow().id();
        synchronized (records) {
            return records.get(id).stream().filter(r -> r.name().equals(name))
                    .map(r -> CloudflareDnsProvider.unquote(r.content())).collect(Collectors.toSet());
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (rateLimited.getAndUpdate(n -> n == Integer.MAX_VALUE || n <= 0 ? n : n - 1) > 0) {
            return new MockResponse.Builder().code(429).addHeader("Retry-After", "1")
                    .body(errors(971, "Please wait and consider throttling your request speed")).build();
        }
        if (!("Bearer " + TOKEN).equals(request.getHeaders().get("Authorization"))) {
            return respond(403, errors(10000, "Authentication error"));
        }
        HttpUrl url = request.getUrl();
        List<String> path = url.pathSegments();
        if (path.size() < 3 || !path.get(0).equals("client") || !path.get(1).equals("v4") || !path.get(2).equals("zones")) {
            return respond(404, errors(7003, "Could not route to " + url.encodedPath()));
        }
        if (path.size() == 3 && request.getMethod().equals("GET")) {
            zoneListings.incrementAndGet();
            List<JsonNode> all = new ArrayList<>();
            zones.forEach(z -> all.add(json.createObjectNode().put("id", z.id()).put("name", z.name()).put("status", "active")));
            return page(all, url);
        }
        String zoneId = path.get(3);
        List<Record> zoneRecords = records.get(zoneId);
        if (zoneRecords == null || path.size() < 5 || !path.get(4).equals("dns_records")) {
            return respond(404, errors(7003, "Could not route to " + url.encodedPath()));
        }
        synchronized (records) {
            if (path.size() == 5 && request.getMethod().equals("GET")) {
                List<JsonNode> matching = new ArrayList<>();
                for (Record r : zoneRecords) {
                    if (r.name().equals(url.queryParameter("name")) && "TXT".equals(url.queryParameter("type"))) {
                        matching.add(json.createObjectNode().put("id", r.id()).put("type", "TXT").put("name", r.name())
                                .put("content", r.content()).put("ttl", 120));
                    }
                }
                return page(matching, url);
            }
            if (path.size() == 5 && request.getMethod().equals("POST")) {
                JsonNode body = json.readTree(request.getBody().utf8());
                String name = body.path("name").asString();
                String content = body.path("content").asString();
                if (zoneRecords.stream().anyMatch(r -> r.name().equals(name) && r.content().equals(content))) {
                    return respond(400, errors(81058, "An identical record already exists."));
                }
                Record created = new Record(id(), name, content);
                zoneRecords.add(created);
                ObjectNode result = json.createObjectNode().put("id", created.id()).put("type", "TXT").put("name", name)
                        .put("content", content).put("ttl", body.path("ttl").asInt());
                return respond(200, envelope(result));
            }
            if (path.size() == 6 && request.getMethod().equals("DELETE")) {
                String id = path.get(5);
                if (!zoneRecords.removeIf(r -> r.id().equals(id))) {
                    return respond(404, errors(81044, "Record does not exist."));
                }
                return respond(200, envelope(json.createObjectNode().put("id", id)));
            }
        }
        return respond(405, errors(10405, "Method not allowed"));
    }

    private MockResponse page(List<JsonNode> all, HttpUrl url) {
        int perPage = Integer.parseInt(url.queryParameter("per_page") == null ? "20" : url.queryParameter("per_page"));
        int page = Integer.parseInt(url.queryParameter("page") == null ? "1" : url.queryParameter("page"));
        int from = Math.min(all.size(), (page - 1) * perPage);
        List<JsonNode> slice = all.subList(from, Math.min(all.size(), from + perPage));
        ObjectNode body = json.createObjectNode();
        ArrayNode result = body.putArray("result");
        slice.forEach(result::add);
        body.put("success", true);
        body.putArray("errors");
        body.putArray("messages");
        body.putObject("result_info").put("page", page).put("per_page", perPage).put("count", slice.size())
                .put("total_count", all.size()).put("total_pages", Math.max(1, (all.size() + perPage - 1) / perPage));
        return respond(200, body.toString());
    }

    private String envelope(JsonNode result) {
        ObjectNode body = json.createObjectNode();
        body.set("result", result);
        body.put("success", true);
        body.putArray("errors");
        body.putArray("messages");
        return body.toString();
    }

    private String errors(int code, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("success", false);
        body.putArray("errors").addObject().put("code", code).put("message", message);
        body.putArray("messages");
        body.putNull("result");
        return body.toString();
    }

    private static MockResponse respond(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
