package org.certwright.acme.dns.powerdns;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.dns.DnsApiException;
import org.certwright.acme.dns.internal.ApiClient;
import org.certwright.acme.dns.internal.NameLocks;
import org.certwright.acme.dns.internal.Zones;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import org.certwright.acme.dns.internal.Durations;

/**
 * Publishes TXT records through the HTTP API of PowerDNS Authoritative (4.x; the API and its key
 * must be enabled: {@code api=yes}, {@code api-key=...}, {@code webserver=yes}).
 *
 * <pre>{@code
 * DnsProvider dns = PowerDnsProvider.builder(URI.create("https://pdns.example.net:8081/"),
 *                 System.getenv("PDNS_API_KEY"))
 *         .zone("example.com")          // optional: else the deepest zone the key can see
 *         .build();
 * }</pre>
 *
 * <p>The API replaces a record set as a whole, so adding a value reads the set, adds the value and
 * writes the set back. Within this provider, writes to one name take turns; against writers
 * elsewhere (another instance sharing the zone), the set is read again after each write and the
 * change redone if another write replaced it, up to {@value #MAX_ATTEMPTS} times. Values other than
 * this provider's are kept as the server holds them.
 *
 * <p>Every request has a deadline; a 429 or a 503 with {@code Retry-After} is waited out within a
 * bound; failures are {@link DnsApiException}s with PowerDNS's own {@code error} message. The key is
 * sent only in the {@code X-API-Key} header, never logged nor shown by {@link #toString()}.
 * Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class PowerDnsProvider implements DnsProvider {

    /** The default TTL of published records: short, since they live only for one validation. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    /** The default deadline of each API request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The default bound on the total wait for rate limits in one publish or remove. */
    public static final Duration DEFAULT_MAX_RATE_LIMIT_WAIT = Duration.ofSeconds(60);
    /** How often a change is redone when another writer replaced the record set meanwhile. */
    public static final int MAX_ATTEMPTS = 5;

    static final String SERVICE = "PowerDNS";
    private static final Logger LOG = LoggerFactory.getLogger(PowerDnsProvider.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI apiUrl;
    private final String apiKey;
    private final String serverId;
    private final Optional<String> zone;
    private final long ttl;
    private final ApiClient api;
    private final NameLocks locks = new NameLocks();
    /** Zone ids found for record names; a zone's apex rarely moves during a process's life. */
    private final Map<String, ZoneRef> zones = new ConcurrentHashMap<>();

    private PowerDnsProvider(Builder builder) {
        this.apiUrl = builder.apiUrl;
        this.apiKey = builder.apiKey;
        this.serverId = builder.serverId;
        this.zone = builder.zone;
        this.ttl = builder.ttl.toSeconds();
        HttpClient http = builder.http != null ? builder.http : ApiClient.newHttpClient(builder.timeout);
        this.api = new ApiClient(SERVICE, http, builder.timeout, builder.maxRateLimitWait, PowerDnsProvider::errorOf);
    }

    /**
     * A builder for a PowerDNS server's API.
     *
     * @param apiUrl the base URL of the API's web server, such as {@code http://127.0.0.1:8081/}; the
     *               paths {@code api/v1/...} are resolved against it
     * @param apiKey the API key ({@code api-key} in {@code pdns.conf})
     * @return the builder
     */
    public static Builder builder(URI apiUrl, String apiKey) {
        return new Builder(apiUrl, apiKey);
    }

    @Override
    public void publish(DnsRecord record) throws AcmeException {
        change(record, true);
    }

    @Override
    public void remove(DnsRecord record) throws AcmeException {
        change(record, false);
    }

    private void change(DnsRecord record, boolean add) throws AcmeException {
        String name = Zones.normalize(record.name());
        ZoneRef zoneRef = zoneFor(name);
        ReentrantLock lock = locks.lockFor(name);
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException(null, zoneUrl(zoneRef), e);
        }
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                List<String> contents = txtContents(zoneRef, name);
                if (contains(contents, record.value()) == add) {
                    return;
                }
                List<String> changed = new ArrayList<>(contents);
                if (add) {
                    changed.add(quote(record.value()));
                } else {
                    changed.removeIf(c -> unquote(c).equals(record.value()));
                }
                replace(zoneRef, name, changed);
                // Another writer may have replaced the whole set between the read and the write.
                if (contains(txtContents(zoneRef, name), record.value()) == add) {
                    LOG.debug("{} TXT value {} {}", add ? "added" : "removed", add ? "at" : "from", name);
                    return;
                }
                LOG.info("The TXT record set at {} changed under a concurrent writer; redoing ({} of {})", name,
                        attempt, MAX_ATTEMPTS);
            }
        } finally {
            lock.unlock();
        }
        throw new ProvisioningException(SERVICE + ": the TXT record set at " + name + " kept being replaced by"
                + " another writer; gave up after " + MAX_ATTEMPTS + " attempts to " + (add ? "add" : "remove")
                + " a value");
    }

    private ZoneRef zoneFor(String name) throws AcmeException {
        if (zone.isPresent()) {
            String z = Zones.normalize(zone.get());
            if (!name.equals(z) && !name.endsWith("." + z)) {
                throw new ProvisioningException(SERVICE + ": " + name + " is not in the configured zone " + z);
            }
            return new ZoneRef(z, z + ".");
        }
        ZoneRef cached = zones.get(name);
        if (cached != null) {
            return cached;
        }
        URI url = serverUrl().resolve("zones");
        JsonNode list = json(api.send(request(url).GET()), url);
        List<String> names = new ArrayList<>();
        Map<String, String> ids = new java.util.HashMap<>();
        for (JsonNode z : list) {
            String zoneName = Zones.normalize(z.path("name").asString());
            names.add(zoneName);
            ids.put(zoneName, z.path("id").asString(zoneName + "."));
        }
        String found = Zones.deepest(name, names).orElseThrow(() -> new ProvisioningException(SERVICE
                + ": no zone on " + apiUrl + " holds " + name + " (zones the key can see: " + names.size() + ")"));
        ZoneRef ref = new ZoneRef(found, ids.get(found));
        zones.put(name, ref);
        return ref;
    }

    /** The TXT contents at a name, as PowerDNS holds them (quoted). */
    private List<String> txtContents(ZoneRef zoneRef, String name) throws AcmeException {
        // rrset_name and rrset_type (PowerDNS 4.8+) keep the answer small; older servers ignore them.
        URI url = URI.create(zoneUrl(zoneRef) + "?rrset_name=" + encode(name + ".") + "&rrset_type=TXT");
        JsonNode zoneJson = json(api.send(request(url).GET()), url);
        List<String> contents = new ArrayList<>();
        for (JsonNode rrset : zoneJson.path("rrsets")) {
            if (Zones.normalize(rrset.path("name").asString()).equals(name) && "TXT".equals(rrset.path("type").asString())) {
                for (JsonNode r : rrset.path("records")) {
                    contents.add(r.path("content").asString());
                }
            }
        }
        return contents;
    }

    private void replace(ZoneRef zoneRef, String name, List<String> contents) throws AcmeException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode rrset = body.putArray("rrsets").addObject();
        rrset.put("name", name + ".");
        rrset.put("type", "TXT");
        if (contents.isEmpty()) {
            rrset.put("changetype", "DELETE");
        } else {
            rrset.put("changetype", "REPLACE");
            rrset.put("ttl", ttl);
            ArrayNode records = rrset.putArray("records");
            contents.forEach(c -> records.addObject().put("content", c).put("disabled", false));
        }
        api.send(request(zoneUrl(zoneRef)).method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpRequest.Builder request(URI url) {
        return HttpRequest.newBuilder(url).header("X-API-Key", apiKey).header("Accept", "application/json")
                .header("Content-Type", "application/json");
    }

    private URI serverUrl() {
        return apiUrl.resolve("api/v1/servers/" + encode(serverId) + "/");
    }

    private URI zoneUrl(ZoneRef zoneRef) {
        return serverUrl().resolve("zones/" + encode(zoneRef.id()));
    }

    private static JsonNode json(ApiClient.ApiResponse response, URI url) throws DnsApiException {
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new DnsApiException(SERVICE, "GET", url, response.status(), "response is not JSON", e);
        }
    }

    /** PowerDNS's error bodies: {@code {"error": "..."}}. */
    static Optional<String> errorOf(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.isString() ? Optional.of(error.asString()) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static boolean contains(List<String> contents, String value) {
        return contents.stream().anyMatch(c -> unquote(c).equals(value));
    }

    /** A value in zone file syntax; ACME values are base64url, but escape anyway. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The text of zone file syntax content: its quoted strings joined, escapes undone. */
    static String unquote(String content) {
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && i + 1 < content.length()) {
                value.append(content.charAt(++i));
            } else if (quoted) {
                value.append(c);
            }
        }
        return value.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "PowerDnsProvider[api=" + apiUrl + ", server=" + serverId + zone.map(z -> ", zone=" + z).orElse("") + "]";
    }

    /** A zone: its name and the id the API addresses it by. */
    private record ZoneRef(String name, String id) {
    }

    /** Configures a {@link PowerDnsProvider}. */
    public static final class Builder {
        private final URI apiUrl;
        private final String apiKey;
        private String serverId = "localhost";
        private Optional<String> zone = Optional.empty();
        private Duration ttl = DEFAULT_TTL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration maxRateLimitWait = DEFAULT_MAX_RATE_LIMIT_WAIT;
        private HttpClient http;

        private Builder(URI apiUrl, String apiKey) {
            Objects.requireNonNull(apiUrl, "apiUrl");
            if (apiUrl.getScheme() == null || apiUrl.getHost() == null
                    || !(apiUrl.getScheme().equalsIgnoreCase("http") || apiUrl.getScheme().equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("apiUrl must be an absolute http(s) URL: " + apiUrl);
            }
            String path = apiUrl.getRawPath() == null || apiUrl.getRawPath().isEmpty() ? "/" : apiUrl.getRawPath();
            this.apiUrl = apiUrl.resolve(path.endsWith("/") ? path : path + "/");
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey is empty");
            }
        }

        /**
         * The API's server id.
         *
         * @param serverId the id; {@code localhost} (the default) is the only one PowerDNS has
         * @return this builder
         */
        public Builder serverId(String serverId) {
            this.serverId = Objects.requireNonNull(serverId, "serverId");
            return this;
        }

        /**
         * The zone every record goes in, instead of the deepest zone the key can see.
         *
         * @param zone the zone name, with or without trailing dot
         * @return this builder
         */
        public Builder zone(String zone) {
            this.zone = Optional.of(Zones.normalize(Objects.requireNonNull(zone, "zone")));
            return this;
        }

        /**
         * The TTL of the TXT record sets written.
         *
         * @param ttl at least one second; {@link #DEFAULT_TTL} by default
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            this.ttl = Durations.atLeastASecond(ttl, "ttl");
            return this;
        }

        /**
         * The deadline of each API request (and of connecting).
         *
         * @param timeout positive; {@link #DEFAULT_TIMEOUT} by default
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.atLeastASecond(timeout, "timeout");
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
         * The HTTP client to use, for a proxy or a private CA's trust store; one with a connect timeout
         * and no redirects is made by default.
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
        public PowerDnsProvider build() {
            return new PowerDnsProvider(this);
        }

    }
}
