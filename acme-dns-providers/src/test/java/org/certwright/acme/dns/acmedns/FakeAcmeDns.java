package org.certwright.acme.dns.acmedns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * acme-dns's HTTP API as its README documents it (https://github.com/joohoi/acme-dns#api):
 * {@code POST /register} answers 201 with username, password, fulldomain, subdomain and allowfrom;
 * {@code POST /update} with {@code X-Api-User} and {@code X-Api-Key} and {@code {"subdomain", "txt"}}
 * answers 200 {@code {"txt": ...}}, keeping the last two values ("rolling update of two TXT records");
 * the txt must be exactly 43 characters. Errors are {@code {"error": "..."}} (acme-dns's api.go:
 * {@code forbidden} with 401, {@code bad_txt}/{@code bad_subdomain} with 400). Updates can be rate
 * limited (429 with {@code Retry-After: 1}), as a reverse proxy in front of it would.
 */
final class FakeAcmeDns extends Dispatcher {

    static final String DOMAIN = "auth.example.test";

    private record Registration(String password, String subdomain) {
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Registration> users = new ConcurrentHashMap<>();
    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private final AtomicInteger rateLimited = new AtomicInteger();

    void limitNextUpdates(int count) {
        rateLimited.set(count);
    }

    Set<String> txt(String subdomain) {
        synchronized (txt) {
            return Set.copyOf(txt.getOrDefault(subdomain, List.of()));
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (request.getMethod().equals("POST") && path.equals("/register")) {
            String user = UUID.randomUUID().toString();
            String subdomain = UUID.randomUUID().toString();
            String password = UUID.randomUUID().toString().replace("-", "") + "Xy12Zw34";
            users.put(user, new Registration(password, subdomain));
            ObjectNode body = json.createObjectNode();
            body.put("username", user);
            body.put("password", password);
            body.put("fulldomain", subdomain + "." + DOMAIN);
            body.put("subdomain", subdomain);
            body.putArray("allowfrom");
            return respond(201, body.toString());
        }
        if (request.getMethod().equals("POST") && path.equals("/update")) {
            if (rateLimited.getAndUpdate(n -> n == Integer.MAX_VALUE || n <= 0 ? n : n - 1) > 0) {
                return new MockResponse.Builder().code(429).addHeader("Retry-After", "1").body("Too Many Requests").build();
            }
            Registration registration = users.get(String.valueOf(request.getHeaders().get("X-Api-User")));
            if (registration == null || !registration.password().equals(request.getHeaders().get("X-Api-Key"))) {
                return error(401, "forbidden");
            }
            JsonNode body = json.readTree(request.getBody().utf8());
            if (!registration.subdomain().equals(body.path("subdomain").asString())) {
                return error(401, "forbidden");
            }
            String value = body.path("txt").asString();
            if (value.length() != 43) {
                return error(400, "bad_txt");
            }
            synchronized (txt) {
                List<String> values = new ArrayList<>(txt.getOrDefault(registration.subdomain(), List.of()));
                values.add(value);
                txt.put(registration.subdomain(), List.copyOf(values.subList(Math.max(0, values.size() - 2), values.size())));
            }
            return respond(200, json.createObjectNode().put("txt", value).toString());
        }
        return respond(404, "404 page not found");
    }

    private MockResponse error(int status, String code) {
        return respond(status, json.createObjectNode().put("error", code).toString());
    }

    private static MockResponse respond(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }
}
