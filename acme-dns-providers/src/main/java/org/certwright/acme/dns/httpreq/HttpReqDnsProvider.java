package org.certwright.acme.dns.httpreq;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.dns.DnsApiException;
import org.certwright.acme.dns.internal.ApiClient;
import org.certwright.acme.problem.AcmeException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import org.certwright.acme.dns.internal.Durations;

/**
 * Publishes TXT records by calling an HTTP endpoint of the user's, so any DNS can be used from a small
 * web service: {@code POST <endpoint>/present} to add a value and {@code POST <endpoint>/cleanup} to
 * remove it, each with the JSON body {@code {"fqdn": "_acme-challenge.example.com.", "value": "..."}}
 * — the protocol of lego's {@code httpreq} provider (its default mode), so endpoints written for lego
 * work unchanged.
 *
 * <pre>{@code
 * DnsProvider dns = HttpReqDnsProvider.builder(URI.create("https://dns-hook.internal/acme"))
 *         .basicAuth("certwright", System.getenv("HTTPREQ_PASSWORD"))
 *         .build();
 * }</pre>
 *
 * <p>Any 2xx answer is success; anything else is a {@link DnsApiException} carrying the body the
 * endpoint sent. The endpoint must keep other values at a name, remove only the value given, and
 * succeed when there is nothing to do. Requests have deadlines, 429 (and 503 with
 * {@code Retry-After}) are waited out within a bound, and the password goes only into the
 * {@code Authorization} header, never into logs or {@link #toString()}. Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class HttpReqDnsProvider implements DnsProvider {

    /** The default deadline of each request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The default bound on the total wait for rate limits in one publish or remove. */
    public static final Duration DEFAULT_MAX_RATE_LIMIT_WAIT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI endpoint;
    private final Optional<String> authorization;
    private final Optional<String> username;
    private final ApiClient api;

    private HttpReqDnsProvider(Builder builder) {
        this.endpoint = builder.endpoint;
        this.username = builder.username;
        this.authorization = builder.username.map(u -> "Basic " + Base64.getEncoder()
                .encodeToString((u + ":" + builder.password).getBytes(StandardCharsets.UTF_8)));
        HttpClient http = builder.http != null ? builder.http : ApiClient.newHttpClient(builder.timeout);
        this.api = new ApiClient("DNS endpoint", http, builder.timeout, builder.maxRateLimitWait, body -> Optional.empty());
    }

    /**
     * A builder for an endpoint.
     *
     * @param endpoint the base URL; {@code present} and {@code cleanup} are appended as path segments
     * @return the builder
     */
    public static Builder builder(URI endpoint) {
        return new Builder(endpoint);
    }

    @Override
    public void publish(DnsRecord record) throws AcmeException {
        post("present", record);
    }

    @Override
    public void remove(DnsRecord record) throws AcmeException {
        post("cleanup", record);
    }

    private void post(String action, DnsRecord record) throws AcmeException {
        ObjectNode body = JSON.createObjectNode();
        body.put("fqdn", record.absoluteName());
        body.put("value", record.value());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(action))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        authorization.ifPresent(a -> request.header("Authorization", a));
        api.send(request);
    }

    @Override
    public String toString() {
        return "HttpReqDnsProvider[endpoint=" + endpoint + username.map(u -> ", user=" + u).orElse("") + "]";
    }

    /** Configures an {@link HttpReqDnsProvider}. */
    public static final class Builder {
        private final URI endpoint;
        private Optional<String> username = Optional.empty();
        private String password;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration maxRateLimitWait = DEFAULT_MAX_RATE_LIMIT_WAIT;
        private HttpClient http;

        private Builder(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (endpoint.getScheme() == null || endpoint.getHost() == null || !(endpoint.getScheme().equalsIgnoreCase("http")
                    || endpoint.getScheme().equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("endpoint must be an absolute http(s) URL: " + endpoint);
            }
            String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
            this.endpoint = endpoint.resolve(path.endsWith("/") ? path : path + "/");
        }

        /**
         * HTTP Basic authentication.
         *
         * @param username the user name
         * @param password the password, never logged
         * @return this builder
         */
        public Builder basicAuth(String username, String password) {
            this.username = Optional.of(Objects.requireNonNull(username, "username"));
            this.password = Objects.requireNonNull(password, "password");
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
         * The HTTP client to use, for a proxy or a private CA's trust store.
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
        public HttpReqDnsProvider build() {
            return new HttpReqDnsProvider(this);
        }
    }
}
