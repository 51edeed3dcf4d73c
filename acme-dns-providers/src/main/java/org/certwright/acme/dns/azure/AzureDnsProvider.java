package org.certwright.acme.dns.azure;

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
 * Publishes TXT records in Azure DNS (Azure Resource Manager, api-version {@value #API_VERSION}) with a
 * service principal's client secret (the OAuth 2.0 client credentials grant of Microsoft Entra ID).
 *
 * <pre>{@code
 * DnsProvider dns = AzureDnsProvider.builder(tenantId, clientId, System.getenv("AZURE_CLIENT_SECRET"), subscriptionId)
 *         .build();
 * }</pre>
 *
 * <p>Least privilege: the role <em>DNS Zone Contributor</em> on the zones (or their resource group),
 * which includes listing them; with {@code resourceGroup} and {@code zone} configured, a custom role with
 * {@code Microsoft.Network/dnszones/TXT/read}, {@code .../TXT/write} and {@code .../TXT/delete} is enough.
 *
 * <p>Azure keeps the values of a name as one record set with an ETag. A change writes the set with
 * {@code If-Match} on the ETag read (or {@code If-None-Match: *} when there was none), so a concurrent
 * writer's change makes it fail with 412 and it is redone from a fresh read, up to {@value #MAX_ATTEMPTS}
 * times; writes to one name from this provider take turns. Requests have deadlines, 429 is waited out
 * as {@code Retry-After} asks within a bound, errors are {@link DnsApiException}s with Azure's own
 * {@code error.code} and {@code error.message}, and the secret goes only into the token request.
 * Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class AzureDnsProvider implements DnsProvider {

    /** The Azure Resource Manager API version used. */
    public static final String API_VERSION = "2018-05-01";
    /** The public cloud's Resource Manager endpoint. */
    public static final URI DEFAULT_MANAGEMENT_URL = URI.create("https://management.azure.com/");
    /** The public cloud's Entra ID endpoint. */
    public static final URI DEFAULT_LOGIN_URL = URI.create("https://login.microsoftonline.com/");
    /** The default TTL of the TXT record sets written. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    /** The default deadline of each request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The default bound on the total wait for rate limits in one request. */
    public static final Duration DEFAULT_MAX_RATE_LIMIT_WAIT = Duration.ofSeconds(60);
    /** How often a change is redone when another writer changed the record set meanwhile. */
    public static final int MAX_ATTEMPTS = 5;

    static final String SERVICE = "Azure DNS";
    private static final Logger LOG = LoggerFactory.getLogger(AzureDnsProvider.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final String tenantId;
    private final String clientId;
    private final String clientSecret;
    private final String subscriptionId;
    private final URI managementUrl;
    private final URI loginUrl;
    private final Optional<String> zoneId;
    private final long ttl;
    private final ApiClient api;
    private final NameLocks locks = new NameLocks();
    private final Map<String, String> zoneIds = new ConcurrentHashMap<>();
    private String token;
    private Instant tokenExpires = Instant.MIN;

    private AzureDnsProvider(Builder builder) {
        this.tenantId = builder.tenantId;
        this.clientId = builder.clientId;
        this.clientSecret = builder.clientSecret;
        this.subscriptionId = builder.subscriptionId;
        this.managementUrl = builder.managementUrl;
        this.loginUrl = builder.loginUrl;
        this.zoneId = builder.resourceGroup.map(rg -> "/subscriptions/" + subscriptionId + "/resourceGroups/" + rg
                + "/providers/Microsoft.Network/dnszones/" + builder.zone.orElseThrow(() ->
                        new IllegalArgumentException("azure: resourceGroup needs zone too")));
        this.ttl = builder.ttl.toSeconds();
        HttpClient http = builder.http != null ? builder.http : ApiClient.newHttpClient(builder.timeout);
        this.api = new ApiClient(SERVICE, http, builder.timeout, builder.maxRateLimitWait, AzureDnsProvider::errorOf);
    }

    /**
     * A builder for a service principal.
     *
     * @param tenantId       the directory (tenant) id
     * @param clientId       the application (client) id
     * @param clientSecret   the client secret
     * @param subscriptionId the subscription holding the zones
     * @return the builder
     */
    public static Builder builder(String tenantId, String clientId, String clientSecret, String subscriptionId) {
        return new Builder(tenantId, clientId, clientSecret, subscriptionId);
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
        String zone = zoneFor(name);
        String zoneName = zone.substring(zone.lastIndexOf('/') + 1);
        String relative = name.equals(zoneName) ? "@" : name.substring(0, name.length() - zoneName.length() - 1);
        URI url = managementUrl.resolve(zone.substring(1) + "/TXT/" + encode(relative) + "?api-version=" + API_VERSION);
        ReentrantLock lock = locks.lockFor(name);
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException(null, url, e);
        }
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Optional<JsonNode> current = get(url);
                List<String> values = new ArrayList<>();
                current.ifPresent(set -> set.path("properties").path("TXTRecords")
                        .forEach(r -> values.add(String.join("", strings(r.path("value"))))));
                if (values.contains(record.value()) == add) {
                    return;
                }
                List<String> changed = new ArrayList<>(values);
                if (add) {
                    changed.add(record.value());
                } else {
                    changed.remove(record.value());
                }
                HttpRequest.Builder request = request(url);
                // The ETag read makes the write a compare-and-set against writers elsewhere.
                current.ifPresentOrElse(set -> request.header("If-Match", set.path("etag").asString("*")),
                        () -> request.header("If-None-Match", "*"));
                try {
                    if (changed.isEmpty()) {
                        api.send(request.DELETE());
                    } else {
                        ObjectNode body = JSON.createObjectNode();
                        ObjectNode properties = body.putObject("properties");
                        properties.put("TTL", ttl);
                        ArrayNode records = properties.putArray("TXTRecords");
                        changed.forEach(v -> records.addObject().putArray("value").add(v));
                        api.send(request.PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
                    }
                    return;
                } catch (DnsApiException e) {
                    if (e.httpStatus().orElse(0) != 412) {
                        throw e;
                    }
                    LOG.info("The TXT record set at {} changed under a concurrent writer; redoing ({} of {})", name,
                            attempt, MAX_ATTEMPTS);
                }
            }
        } finally {
            lock.unlock();
        }
        throw new ProvisioningException(SERVICE + ": the TXT record set at " + name + " kept being changed by another"
                + " writer; gave up after " + MAX_ATTEMPTS + " attempts");
    }

    private static List<String> strings(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(p -> parts.add(p.asString()));
        return parts;
    }

    private Optional<JsonNode> get(URI url) throws AcmeException {
        try {
            return Optional.of(json(api.send(request(url).GET()), url));
        } catch (DnsApiException e) {
            if (e.httpStatus().orElse(0) == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private String zoneFor(String name) throws AcmeException {
        if (zoneId.isPresent()) {
            return zoneId.get();
        }
        String cached = zoneIds.get(name);
        if (cached != null) {
            return cached;
        }
        Map<String, String> ids = new HashMap<>();
        URI url = managementUrl.resolve("subscriptions/" + encode(subscriptionId)
                + "/providers/Microsoft.Network/dnszones?api-version=" + API_VERSION);
        for (int page = 0; page < 1000 && url != null; page++) {
            JsonNode json = json(api.send(request(url).GET()), url);
            json.path("value").forEach(z -> ids.put(Zones.normalize(z.path("name").asString()), z.path("id").asString()));
            String next = json.path("nextLink").asString("");
            url = next.isEmpty() ? null : URI.create(next);
        }
        String found = Zones.deepest(name, ids.keySet()).orElseThrow(() -> new ProvisioningException(SERVICE
                + ": none of the " + ids.size() + " DNS zones of subscription " + subscriptionId + " holds " + name));
        zoneIds.put(name, ids.get(found));
        return ids.get(found);
    }

    private HttpRequest.Builder request(URI url) throws AcmeException {
        return HttpRequest.newBuilder(url).header("Authorization", "Bearer " + accessToken())
                .header("Content-Type", "application/json");
    }

    /** A token by the client credentials grant, reused until a minute before it expires. */
    private synchronized String accessToken() throws AcmeException {
        Instant now = Instant.now();
        if (token != null && now.isBefore(tokenExpires.minusSeconds(60))) {
            return token;
        }
        URI url = loginUrl.resolve(encode(tenantId) + "/oauth2/v2.0/token");
        String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret="
                + encode(clientSecret) + "&scope=" + encode(managementUrl.resolve("/.default").toString());
        JsonNode json = json(api.send(HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))), url);
        String accessToken = json.path("access_token").asString("");
        if (accessToken.isEmpty()) {
            throw new DnsApiException("Microsoft Entra ID", "POST", url, 200, "no access_token", null);
        }
        token = accessToken;
        tokenExpires = now.plusSeconds(json.path("expires_in").asLong(3600));
        return token;
    }

    private static JsonNode json(ApiClient.ApiResponse response, URI url) throws DnsApiException {
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new DnsApiException(SERVICE, "GET", url, response.status(), "response is not JSON", e);
        }
    }

    /**
     * Azure's error bodies: {@code {"error": {"code", "message"}}} from Resource Manager,
     * {@code {"error": "invalid_client", "error_description": ...}} from Entra ID.
     */
    static Optional<String> errorOf(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode error = root.path("error");
            if (error.isObject()) {
                return Optional.of(error.path("code").asString("") + ": " + error.path("message").asString(""));
            }
            if (error.isString()) {
                String description = root.path("error_description").asString("");
                // Entra ID's descriptions run over several lines with trace ids; the first says what is wrong.
                return Optional.of(error.asString() + (description.isEmpty() ? "" : ": " + description.lines().findFirst()
                        .orElse("")));
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
        return "AzureDnsProvider[tenant=" + tenantId + ", client=" + clientId + ", subscription=" + subscriptionId
                + zoneId.map(z -> ", zone=" + z).orElse("") + "]";
    }

    /** Configures an {@link AzureDnsProvider}. */
    public static final class Builder {
        private final String tenantId;
        private final String clientId;
        private final String clientSecret;
        private final String subscriptionId;
        private Optional<String> resourceGroup = Optional.empty();
        private Optional<String> zone = Optional.empty();
        private URI managementUrl = DEFAULT_MANAGEMENT_URL;
        private URI loginUrl = DEFAULT_LOGIN_URL;
        private Duration ttl = DEFAULT_TTL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration maxRateLimitWait = DEFAULT_MAX_RATE_LIMIT_WAIT;
        private HttpClient http;

        private Builder(String tenantId, String clientId, String clientSecret, String subscriptionId) {
            this.tenantId = nonBlank(tenantId, "tenantId");
            this.clientId = nonBlank(clientId, "clientId");
            this.clientSecret = nonBlank(clientSecret, "clientSecret");
            this.subscriptionId = nonBlank(subscriptionId, "subscriptionId");
        }

        /**
         * The zone every record goes in, instead of the deepest zone of the subscription.
         *
         * @param resourceGroup the zone's resource group
         * @param zone          the zone's name, such as {@code example.com}
         * @return this builder
         */
        public Builder zone(String resourceGroup, String zone) {
            this.resourceGroup = Optional.of(nonBlank(resourceGroup, "resourceGroup"));
            this.zone = Optional.of(Zones.normalize(nonBlank(zone, "zone")));
            return this;
        }

        /**
         * Other endpoints: a sovereign cloud, or a test server.
         *
         * @param managementUrl the Resource Manager URL; {@link #DEFAULT_MANAGEMENT_URL} by default
         * @param loginUrl      the Entra ID URL; {@link #DEFAULT_LOGIN_URL} by default
         * @return this builder
         */
        public Builder endpoints(URI managementUrl, URI loginUrl) {
            this.managementUrl = Objects.requireNonNull(managementUrl, "managementUrl");
            this.loginUrl = Objects.requireNonNull(loginUrl, "loginUrl");
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
        public AzureDnsProvider build() {
            return new AzureDnsProvider(this);
        }

        private static String nonBlank(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " is empty");
            }
            return value.strip();
        }

    }
}
