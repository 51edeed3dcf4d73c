package org.certwright.acme.dns.google;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Publishes TXT records in Google Cloud DNS (API v1) with a service account key.
 *
 * <pre>{@code
 * DnsProvider dns = GoogleCloudDnsProvider.builder(Files.readString(Path.of(System.getenv("GOOGLE_APPLICATION_CREDENTIALS"))))
 *         .build();
 * }</pre>
 *
 * <p>Least privilege: the role <em>DNS Administrator</em> ({@code roles/dns.admin}) is more than
 * needed; a custom role with {@code dns.managedZones.list}, {@code dns.resourceRecordSets.list},
 * {@code dns.changes.create} and {@code dns.changes.get} on the project (or, with IAM conditions, the
 * zones) is enough. Access tokens come from the key by the JWT bearer grant and are reused until they
 * expire; the key is never logged.
 *
 * <p>Cloud DNS keeps the values of a name as one record set; a change deletes the exact set read and
 * adds the new one in one atomic change, so a concurrent writer's change makes it fail (412 or 409)
 * and it is redone from a fresh read, up to {@value #MAX_ATTEMPTS} times; writes to one name from this
 * provider take turns. The provider then waits until
 * the change is {@code done}, within {@link Builder#propagationTimeout(Duration)}. Requests have
 * deadlines, 429 is waited out within a bound, errors are {@link DnsApiException}s with Google's own
 * {@code error.message}. Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class GoogleCloudDnsProvider implements DnsProvider {

    /** The API's base URL. */
    public static final URI DEFAULT_API_URL = URI.create("https://dns.googleapis.com/dns/v1/");
    /** The default TTL of the TXT record sets written. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    /** The default deadline of each request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The default bound on the total wait for rate limits in one call. */
    public static final Duration DEFAULT_MAX_RATE_LIMIT_WAIT = Duration.ofSeconds(60);
    /** The default bound on the wait for a change to be done. */
    public static final Duration DEFAULT_PROPAGATION_TIMEOUT = Duration.ofMinutes(2);
    /** How often a change is redone when another writer changed the record set meanwhile. */
    public static final int MAX_ATTEMPTS = 5;

    static final String SERVICE = "Google Cloud DNS";
    private static final Logger LOG = LoggerFactory.getLogger(GoogleCloudDnsProvider.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final GoogleServiceAccount account;
    private final String project;
    private final URI apiUrl;
    private final Optional<String> managedZone;
    private final long ttl;
    private final Duration propagationTimeout;
    private final Duration pollInterval;
    private final ApiClient api;
    private final Map<String, String> zones = new ConcurrentHashMap<>();
    private final NameLocks locks = new NameLocks();

    private GoogleCloudDnsProvider(Builder builder) {
        this.account = builder.tokenUri.map(builder.account::withTokenUri).orElse(builder.account);
        this.project = builder.project.orElse(builder.account.projectId());
        if (project.isBlank()) {
            throw new IllegalArgumentException("google: no project: the key file has no project_id; set the project");
        }
        this.apiUrl = builder.apiUrl;
        this.managedZone = builder.managedZone;
        this.ttl = builder.ttl.toSeconds();
        this.propagationTimeout = builder.propagationTimeout;
        this.pollInterval = builder.pollInterval;
        HttpClient http = builder.http != null ? builder.http : ApiClient.newHttpClient(builder.timeout);
        this.api = new ApiClient(SERVICE, http, builder.timeout, builder.maxRateLimitWait, GoogleCloudDnsProvider::errorOf);
    }

    /**
     * A builder for a service account key.
     *
     * @param serviceAccountKeyJson the content of the service account's JSON key file (a secret)
     * @return the builder
     * @throws IllegalArgumentException if it is not a service account key
     */
    public static Builder builder(String serviceAccountKeyJson) {
        return new Builder(GoogleServiceAccount.parse(serviceAccountKeyJson));
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
        String name = Zones.normalize(record.name()) + ".";
        String zone = zoneFor(name);
        // Writers in this process take turns at a name; the compare-and-set below only has to settle
        // races with other processes, which optimistic retries alone would turn into a livelock here.
        ReentrantLock lock = locks.lockFor(name);
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException(null, zoneUrl(zone, ""), e);
        }
        try {
            changeLocked(zone, name, record, add);
        } finally {
            lock.unlock();
        }
    }

    private void changeLocked(String zone, String name, DnsRecord record, boolean add) throws AcmeException {
        String quoted = "\"" + record.value() + "\"";
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<JsonNode> current = txtSet(zone, name);
            List<String> values = new ArrayList<>();
            current.ifPresent(set -> set.path("rrdatas").forEach(v -> values.add(v.asString())));
            if (values.contains(quoted) == add) {
                return;
            }
            List<String> changed = new ArrayList<>(values);
            if (add) {
                changed.add(quoted);
            } else {
                changed.remove(quoted);
            }
            ObjectNode body = JSON.createObjectNode();
            // Deleting the exact set read makes the change fail if anyone changed it since: a compare-and-set.
            current.ifPresent(set -> body.putArray("deletions").add(set));
            if (!changed.isEmpty()) {
                ObjectNode addition = body.putArray("additions").addObject();
                addition.put("name", name).put("type", "TXT").put("ttl", ttl);
                ArrayNode rrdatas = addition.putArray("rrdatas");
                changed.forEach(rrdatas::add);
            }
            URI url = zoneUrl(zone, "/changes");
            ApiClient.ApiResponse response;
            try {
                response = api.send(request(url).POST(HttpRequest.BodyPublishers.ofString(body.toString())));
            } catch (DnsApiException e) {
                int status = e.httpStatus().orElse(0);
                if (status == 412 || status == 409) {
                    LOG.info("The TXT record set at {} changed under a concurrent writer; redoing ({} of {})", name,
                            attempt, MAX_ATTEMPTS);
                    continue;
                }
                throw e;
            }
            awaitDone(zone, json(response, url));
            return;
        }
        throw new ProvisioningException(SERVICE + ": the TXT record set at " + name + " kept being changed by another"
                + " writer; gave up after " + MAX_ATTEMPTS + " attempts");
    }

    private void awaitDone(String zone, JsonNode change) throws AcmeException {
        String id = change.path("id").asString();
        Instant deadline = Instant.now().plus(propagationTimeout);
        String status = change.path("status").asString();
        while (!"done".equals(status)) {
            if (Instant.now().plus(pollInterval).isAfter(deadline)) {
                throw new ProvisioningException(SERVICE + ": change " + id + " was still " + status + " after "
                        + propagationTimeout.toSeconds() + " s");
            }
            URI url = zoneUrl(zone, "/changes/" + encode(id));
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AcmeInterruptedException("GET", url, e);
            }
            status = json(api.send(request(url).GET()), url).path("status").asString();
        }
    }

    private Optional<JsonNode> txtSet(String zone, String name) throws AcmeException {
        for (JsonNode set : pages(zoneUrl(zone, "/rrsets?name=" + encode(name) + "&type=TXT"), "rrsets")) {
            if (Zones.normalize(set.path("name").asString()).equals(Zones.normalize(name))
                    && "TXT".equals(set.path("type").asString())) {
                return Optional.of(set);
            }
        }
        return Optional.empty();
    }

    private String zoneFor(String name) throws AcmeException {
        if (managedZone.isPresent()) {
            return managedZone.get();
        }
        String cached = zones.get(name);
        if (cached != null) {
            return cached;
        }
        Map<String, String> byDnsName = new HashMap<>();
        for (JsonNode zone : pages(apiUrl.resolve("projects/" + encode(project) + "/managedZones"), "managedZones")) {
            byDnsName.put(Zones.normalize(zone.path("dnsName").asString()), zone.path("name").asString());
        }
        String found = Zones.deepest(name, byDnsName.keySet()).orElseThrow(() -> new ProvisioningException(SERVICE
                + ": none of the " + byDnsName.size() + " managed zones of project " + project + " holds " + name));
        String zone = byDnsName.get(found);
        zones.put(name, zone);
        return zone;
    }

    /** Every item of a listing, following {@code nextPageToken}. */
    private List<JsonNode> pages(URI first, String field) throws AcmeException {
        List<JsonNode> items = new ArrayList<>();
        String pageToken = null;
        for (int page = 0; page < 1000; page++) {
            URI url = pageToken == null ? first : URI.create(first + (first.getRawQuery() == null ? "?" : "&")
                    + "pageToken=" + encode(pageToken));
            JsonNode json = json(api.send(request(url).GET()), url);
            json.path(field).forEach(items::add);
            pageToken = json.path("nextPageToken").asString(null);
            if (pageToken == null || pageToken.isEmpty()) {
                break;
            }
        }
        return items;
    }

    /** {@code .../projects/<project>/managedZones/<zone><rest>}. */
    private URI zoneUrl(String zone, String rest) {
        return apiUrl.resolve("projects/" + encode(project) + "/managedZones/" + encode(zone) + rest);
    }

    private HttpRequest.Builder request(URI url) throws AcmeException {
        return HttpRequest.newBuilder(url).header("Authorization", "Bearer " + account.accessToken(api))
                .header("Content-Type", "application/json");
    }

    private static JsonNode json(ApiClient.ApiResponse response, URI url) throws DnsApiException {
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new DnsApiException(SERVICE, "GET", url, response.status(), "response is not JSON", e);
        }
    }

    /**
     * Google's error bodies: {@code {"error": {"code", "message", "status"}}} from the API,
     * {@code {"error": "invalid_grant", "error_description": ...}} from the token endpoint.
     */
    static Optional<String> errorOf(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isObject()) {
                String status = error.path("status").asString("");
                return Optional.of(error.path("message").asString("") + (status.isEmpty() ? "" : " (" + status + ")"));
            }
            if (error.isString()) {
                String description = JSON.readTree(body).path("error_description").asString("");
                return Optional.of(error.asString() + (description.isEmpty() ? "" : ": " + description));
            }
            return Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "GoogleCloudDnsProvider[project=" + project + ", account=" + account
                + managedZone.map(z -> ", managedZone=" + z).orElse("") + "]";
    }

    /** Configures a {@link GoogleCloudDnsProvider}. */
    public static final class Builder {
        private final GoogleServiceAccount account;
        private Optional<String> project = Optional.empty();
        private Optional<String> managedZone = Optional.empty();
        private Optional<URI> tokenUri = Optional.empty();
        private URI apiUrl = DEFAULT_API_URL;
        private Duration ttl = DEFAULT_TTL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration maxRateLimitWait = DEFAULT_MAX_RATE_LIMIT_WAIT;
        private Duration propagationTimeout = DEFAULT_PROPAGATION_TIMEOUT;
        private Duration pollInterval = Duration.ofSeconds(2);
        private HttpClient http;

        private Builder(GoogleServiceAccount account) {
            this.account = account;
        }

        /**
         * The project, instead of the key file's {@code project_id}.
         *
         * @param project the project id
         * @return this builder
         */
        public Builder project(String project) {
            this.project = Optional.of(Objects.requireNonNull(project, "project").strip());
            return this;
        }

        /**
         * The managed zone (its name, not its DNS name) every record goes in.
         *
         * @param managedZone the zone's name, such as {@code example-com}
         * @return this builder
         */
        public Builder managedZone(String managedZone) {
            this.managedZone = Optional.of(Objects.requireNonNull(managedZone, "managedZone").strip());
            return this;
        }

        /**
         * Other endpoints (test servers): the API base URL and the OAuth token URL.
         *
         * @param apiUrl   the API base URL; {@link #DEFAULT_API_URL} by default
         * @param tokenUri the token URL; the key file's {@code token_uri} by default
         * @return this builder
         */
        public Builder endpoints(URI apiUrl, URI tokenUri) {
            String path = apiUrl.getRawPath() == null || apiUrl.getRawPath().isEmpty() ? "/" : apiUrl.getRawPath();
            this.apiUrl = apiUrl.resolve(path.endsWith("/") ? path : path + "/");
            this.tokenUri = Optional.of(Objects.requireNonNull(tokenUri, "tokenUri"));
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
         * The deadline of each request (and of connecting).
         *
         * @param timeout at least one second; {@link #DEFAULT_TIMEOUT} by default
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.atLeastASecond(timeout, "timeout");
            return this;
        }

        /**
         * The longest total wait for rate limits within one request.
         *
         * @param wait zero or more; {@link #DEFAULT_MAX_RATE_LIMIT_WAIT} by default
         * @return this builder
         */
        public Builder maxRateLimitWait(Duration wait) {
            this.maxRateLimitWait = Durations.notNegative(wait, "maxRateLimitWait");
            return this;
        }

        /**
         * The longest wait for a change to be {@code done}.
         *
         * @param timeout at least one second; {@link #DEFAULT_PROPAGATION_TIMEOUT} by default
         * @return this builder
         */
        public Builder propagationTimeout(Duration timeout) {
            this.propagationTimeout = Durations.atLeastASecond(timeout, "propagationTimeout");
            return this;
        }

        /**
         * How often a pending change is asked about.
         *
         * @param interval positive; 2 s by default
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive: " + interval);
            }
            this.pollInterval = interval;
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
         * @throws IllegalArgumentException if no project is known
         */
        public GoogleCloudDnsProvider build() {
            return new GoogleCloudDnsProvider(this);
        }

    }
}
