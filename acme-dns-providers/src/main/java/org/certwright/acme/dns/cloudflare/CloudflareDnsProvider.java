package org.certwright.acme.dns.cloudflare;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.dns.DnsApiException;
import org.certwright.acme.dns.internal.ApiClient;
import org.certwright.acme.dns.internal.Zones;
import org.certwright.acme.problem.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import org.certwright.acme.dns.internal.Durations;

/**
 * Publishes TXT records through the Cloudflare API v4 with an API token.
 *
 * <pre>{@code
 * DnsProvider dns = CloudflareDnsProvider.builder(System.getenv("CLOUDFLARE_DNS_API_TOKEN")).build();
 * }</pre>
 *
 * <p>The token needs, least privilege, <em>Zone → DNS → Edit</em> on the zones certificates are for
 * and <em>Zone → Zone → Read</em> to find them (or configure the zone id and give only DNS Edit on
 * that zone). The zone of a name is the deepest of the zones the token can list (all pages of
 * {@code GET /zones}); its id is remembered.
 *
 * <p>Cloudflare keeps each TXT value as a record of its own, so a value is added by creating a record
 * (an "identical record already exists" answer, code 81058, counts as done) and removed by deleting
 * the records at the name whose content is that value; other values are never touched, and
 * concurrent adds need no coordination. Requests have deadlines, 429 answers are waited out as
 * {@code Retry-After} asks within a bound, errors are {@link DnsApiException}s with Cloudflare's own
 * {@code errors[].message} and code, and the token goes only into the {@code Authorization} header.
 * Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class CloudflareDnsProvider implements DnsProvider {

    /** The API's base URL. */
    public static final URI DEFAULT_API_URL = URI.create("https://api.cloudflare.com/client/v4/");
    /** The default TTL of created records; 1 would mean "automatic". */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(120);
    /** The default deadline of each request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The default bound on the total wait for rate limits in one publish or remove. */
    public static final Duration DEFAULT_MAX_RATE_LIMIT_WAIT = Duration.ofSeconds(60);

    static final String SERVICE = "Cloudflare";
    /** Cloudflare's error code for creating a record that exists already. */
    static final int IDENTICAL_RECORD_EXISTS = 81058;
    /** Cloudflare's largest page size for zones (dns_records allow more, but this suits both). */
    static final int PAGE_SIZE = 50;
    private static final Logger LOG = LoggerFactory.getLogger(CloudflareDnsProvider.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI apiUrl;
    private final String token;
    private final Optional<String> zoneId;
    private final long ttl;
    private final ApiClient api;
    private final Map<String, String> zoneIds = new ConcurrentHashMap<>();

    private CloudflareDnsProvider(Builder builder) {
        this.apiUrl = builder.apiUrl;
        this.token = builder.token;
        this.zoneId = builder.zoneId;
        this.ttl = builder.ttl.toSeconds();
        HttpClient http = builder.http != null ? builder.http : ApiClient.newHttpClient(builder.timeout);
        this.api = new ApiClient(SERVICE, http, builder.timeout, builder.maxRateLimitWait, CloudflareDnsProvider::errorOf);
    }

    /**
     * A builder for an API token.
     *
     * @param apiToken the token (a secret)
     * @return the builder
     */
    public static Builder builder(String apiToken) {
        return new Builder(apiToken);
    }

    @Override
    public void publish(DnsRecord record) throws AcmeException {
        String name = Zones.normalize(record.name());
        String zone = zoneFor(name);
        if (!recordIds(zone, name, record.value()).isEmpty()) {
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "TXT");
        body.put("name", name);
        body.put("content", "\"" + record.value() + "\"");
        body.put("ttl", ttl);
        try {
            api.send(request(apiUrl.resolve("zones/" + encode(zone) + "/dns_records"))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        } catch (DnsApiException e) {
            // A concurrent publish of the same value got there first.
            if (e.serviceMessage().filter(m -> m.contains("(code " + IDENTICAL_RECORD_EXISTS + ")")).isEmpty()) {
                throw e;
            }
        }
        LOG.debug("Cloudflare TXT value added at {}", name);
    }

    @Override
    public void remove(DnsRecord record) throws AcmeException {
        String name = Zones.normalize(record.name());
        String zone = zoneFor(name);
        for (String id : recordIds(zone, name, record.value())) {
            try {
                api.send(request(apiUrl.resolve("zones/" + encode(zone) + "/dns_records/" + encode(id))).DELETE());
            } catch (DnsApiException e) {
                // Deleted meanwhile by a concurrent remove of the same value: what was asked for.
                if (e.httpStatus().orElse(0) != 404) {
                    throw e;
                }
            }
        }
    }

    /** The ids of the TXT records at a name whose content is the value. */
    private List<String> recordIds(String zone, String name, String value) throws AcmeException {
        List<String> ids = new ArrayList<>();
        for (JsonNode r : pages("zones/" + encode(zone) + "/dns_records?type=TXT&name=" + encode(name))) {
            if (unquote(r.path("content").asString()).equals(value)) {
                ids.add(r.path("id").asString());
            }
        }
        return ids;
    }

    private String zoneFor(String name) throws AcmeException {
        if (zoneId.isPresent()) {
            return zoneId.get();
        }
        String cached = zoneIds.get(name);
        if (cached != null) {
            return cached;
        }
        Map<String, String> zones = new HashMap<>();
        for (JsonNode zone : pages("zones?")) {
            zones.put(Zones.normalize(zone.path("name").asString()), zone.path("id").asString());
        }
        String found = Zones.deepest(name, zones.keySet()).orElseThrow(() -> new ProvisioningException(SERVICE
                + ": none of the " + zones.size() + " zones the token can list holds " + name
                + " (the token needs Zone Read on it, or configure the zone id)"));
        String id = zones.get(found);
        zoneIds.put(name, id);
        return id;
    }

    /** Every result of a listing, following {@code result_info.total_pages}. */
    private List<JsonNode> pages(String pathAndQuery) throws AcmeException {
        List<JsonNode> results = new ArrayList<>();
        int totalPages = 1;
        for (int page = 1; page <= totalPages; page++) {
            URI url = apiUrl.resolve(pathAndQuery + (pathAndQuery.endsWith("?") ? "" : "&") + "page=" + page
                    + "&per_page=" + PAGE_SIZE);
            ApiClient.ApiResponse response = api.send(request(url).GET());
            JsonNode json;
            try {
                json = JSON.readTree(response.body());
            } catch (JacksonException e) {
                throw new DnsApiException(SERVICE, "GET", url, response.status(), "response is not JSON", e);
            }
            json.path("result").forEach(results::add);
            totalPages = Math.min(json.path("result_info").path("total_pages").asInt(1), 1000);
        }
        return results;
    }

    private HttpRequest.Builder request(URI url) {
        return HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
    }

    /** Cloudflare's error bodies: {@code {"success": false, "errors": [{"code": 10000, "message": "..."}]}}. */
    static Optional<String> errorOf(String body) {
        try {
            List<String> messages = new ArrayList<>();
            for (JsonNode error : JSON.readTree(body).path("errors")) {
                messages.add(error.path("message").asString("") + " (code " + error.path("code").asInt() + ")");
            }
            return messages.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", messages));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    static String unquote(String content) {
        if (content.length() >= 2 && content.startsWith("\"") && content.endsWith("\"")) {
            return content.substring(1, content.length() - 1).replace("\" \"", "");
        }
        return content;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "CloudflareDnsProvider[api=" + apiUrl + zoneId.map(z -> ", zoneId=" + z).orElse("") + "]";
    }

    /** Configures a {@link CloudflareDnsProvider}. */
    public static final class Builder {
        private final String token;
        private URI apiUrl = DEFAULT_API_URL;
        private Optional<String> zoneId = Optional.empty();
        private Duration ttl = DEFAULT_TTL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration maxRateLimitWait = DEFAULT_MAX_RATE_LIMIT_WAIT;
        private HttpClient http;

        private Builder(String token) {
            Objects.requireNonNull(token, "apiToken");
            if (token.isBlank()) {
                throw new IllegalArgumentException("apiToken is empty");
            }
            this.token = token.strip();
        }

        /**
         * Another API base URL (a test server, a proxy).
         *
         * @param apiUrl the base URL; {@link #DEFAULT_API_URL} by default
         * @return this builder
         */
        public Builder apiUrl(URI apiUrl) {
            Objects.requireNonNull(apiUrl, "apiUrl");
            if (apiUrl.getScheme() == null || apiUrl.getHost() == null) {
                throw new IllegalArgumentException("apiUrl must be an absolute URL: " + apiUrl);
            }
            String path = apiUrl.getRawPath() == null || apiUrl.getRawPath().isEmpty() ? "/" : apiUrl.getRawPath();
            this.apiUrl = apiUrl.resolve(path.endsWith("/") ? path : path + "/");
            return this;
        }

        /**
         * The id of the zone every record goes in; then the token needs no Zone Read.
         *
         * @param zoneId the zone id (32 hex digits)
         * @return this builder
         */
        public Builder zoneId(String zoneId) {
            this.zoneId = Optional.of(Objects.requireNonNull(zoneId, "zoneId").strip());
            return this;
        }

        /**
         * The TTL of created records.
         *
         * @param ttl at least 60 seconds (Cloudflare's minimum); {@link #DEFAULT_TTL} by default
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.toSeconds() < 60) {
                throw new IllegalArgumentException("ttl must be at least 60 seconds for Cloudflare: " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /**
         * The deadline of each request (and of connecting).
         *
         * @param timeout at least one second; {@link #DEFAULT_TIMEOUT} by default
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toSeconds() < 1) {
                throw new IllegalArgumentException("timeout must be at least one second: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The longest total wait for rate limits within one publish or remove.
         *
         * @param wait zero or more; {@link #DEFAULT_MAX_RATE_LIMIT_WAIT} by default
         * @return this builder
         */
        public Builder maxRateLimitWait(Duration wait) {
            this.maxRateLimitWait = Durations.notNegative(wait, "maxRateLimitWait");
            return this;
        }

        /**
         * The HTTP client to use, for a proxy.
         *
         * @param http the client
         * @return this builder
         */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /**
         * The provider.
         *
         * @return the provider
         */
        public CloudflareDnsProvider build() {
            return new CloudflareDnsProvider(this);
        }
    }
}
