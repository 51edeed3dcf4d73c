package org.certwright.acme.dns.acmedns;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
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
 * Publishes TXT records through <a href="https://github.com/joohoi/acme-dns">acme-dns</a>, a small DNS
 * server whose HTTP API can change nothing but one TXT record per registration: the key on a web
 * server can then only answer challenges, not rewrite a zone.
 *
 * <p>Setup, once per domain: register ({@link #register(URI, List)} or {@code POST /register}), and
 * delegate the domain's challenge name to the registration by a CNAME in the domain's own zone
 * ({@link AcmeDnsAccount#cnameFor(String)}):
 * <pre>{@code
 * _acme-challenge.example.com. CNAME 8e5700ea-a4bf-41c7-8a77-e990661dcc6a.auth.acme-dns.io.
 * }</pre>
 * Then:
 * <pre>{@code
 * DnsProvider dns = AcmeDnsProvider.builder(URI.create("https://auth.acme-dns.io/"))
 *         .account("example.com", account)
 *         .build();
 * DnsResponder responder = DnsResponder.builder(dns).build();   // follows the CNAME
 * }</pre>
 * {@link org.certwright.acme.challenges.DnsResponder} follows the CNAME and hands this provider the
 * registration's full domain; an account is also found by {@code _acme-challenge.<domain>} for when
 * CNAMEs are not followed.
 *
 * <p>acme-dns keeps the last two values of a registration (enough for a domain and its wildcard,
 * which share the challenge name) and has no way to delete one: {@link #remove(DnsRecord)} does
 * nothing, and the values are replaced by the next ones. Requests have deadlines, rate limits are
 * waited out within a bound, errors are {@link DnsApiException}s with acme-dns's {@code error} code
 * (such as {@code forbidden} or {@code bad_txt}), and passwords go only into the {@code X-Api-Key}
 * header. Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class AcmeDnsProvider implements DnsProvider {

    /** The default deadline of each request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The default bound on the total wait for rate limits in one publish. */
    public static final Duration DEFAULT_MAX_RATE_LIMIT_WAIT = Duration.ofSeconds(60);

    static final String SERVICE = "acme-dns";
    private static final Logger LOG = LoggerFactory.getLogger(AcmeDnsProvider.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI apiUrl;
    private final Function<String, Optional<AcmeDnsAccount>> accounts;
    private final ApiClient api;

    private AcmeDnsProvider(Builder builder) {
        this.apiUrl = builder.apiUrl;
        Map<String, AcmeDnsAccount> byName = Map.copyOf(builder.byName);
        Function<String, Optional<AcmeDnsAccount>> lookup = builder.lookup;
        this.accounts = name -> Optional.ofNullable(byName.get(name)).or(() -> lookup.apply(name));
        this.api = client(builder.http, builder.timeout, builder.maxRateLimitWait);
    }

    /**
     * A builder for an acme-dns server.
     *
     * @param apiUrl the server's API base URL, such as {@code https://auth.acme-dns.io/}
     * @return the builder
     */
    public static Builder builder(URI apiUrl) {
        return new Builder(apiUrl);
    }

    /**
     * Registers with an acme-dns server ({@code POST /register}): a new subdomain and the credentials
     * to update it. Store the result; the password cannot be read again.
     *
     * @param apiUrl    the server's API base URL
     * @param allowFrom networks (CIDR) that may update the record; empty for any
     * @return the registration
     * @throws AcmeException a {@link DnsApiException} if the server refuses (registration may be disabled)
     */
    public static AcmeDnsAccount register(URI apiUrl, List<String> allowFrom) throws AcmeException {
        URI base = directory(apiUrl);
        ObjectNode body = JSON.createObjectNode();
        if (!allowFrom.isEmpty()) {
            allowFrom.forEach(body.putArray("allowfrom")::add);
        }
        URI url = base.resolve("register");
        ApiClient.ApiResponse response = client(null, DEFAULT_TIMEOUT, DEFAULT_MAX_RATE_LIMIT_WAIT).send(
                HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        try {
            JsonNode json = JSON.readTree(response.body());
            List<String> allowed = new ArrayList<>();
            json.path("allowfrom").forEach(n -> allowed.add(n.asString()));
            return new AcmeDnsAccount(json.path("username").asString(""), json.path("password").asString(""),
                    json.path("subdomain").asString(""), json.path("fulldomain").asString(""), allowed);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new DnsApiException(SERVICE, "POST", url, response.status(),
                    "the registration response lacks username, password, subdomain or fulldomain", e);
        }
    }

    @Override
    public void publish(DnsRecord record) throws AcmeException {
        String name = Zones.normalize(record.name());
        AcmeDnsAccount account = accounts.apply(name).orElseThrow(() -> new ProvisioningException(SERVICE
                + ": no account for " + name + "; register one and delegate the challenge name to it with a CNAME"
                + " (_acme-challenge.<domain> CNAME <fulldomain>), then configure the account for <fulldomain>"
                + " or for the domain"));
        ObjectNode body = JSON.createObjectNode();
        body.put("subdomain", account.subdomain());
        body.put("txt", record.value());
        api.send(HttpRequest.newBuilder(apiUrl.resolve("update"))
                .header("X-Api-User", account.username())
                .header("X-Api-Key", account.password())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        LOG.debug("acme-dns updated {} for {}", account.fulldomain(), name);
    }

    /** Does nothing: acme-dns cannot delete a value; the next two updates replace it. */
    @Override
    public void remove(DnsRecord record) {
        LOG.debug("acme-dns keeps the last two values of {}; nothing to remove", record.name());
    }

    @Override
    public String toString() {
        return "AcmeDnsProvider[api=" + apiUrl + "]";
    }

    private static ApiClient client(HttpClient http, Duration timeout, Duration maxRateLimitWait) {
        return new ApiClient(SERVICE, http != null ? http : ApiClient.newHttpClient(timeout), timeout, maxRateLimitWait,
                AcmeDnsProvider::errorOf);
    }

    /** acme-dns's error bodies: {@code {"error": "forbidden"}}. */
    static Optional<String> errorOf(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.isString() ? Optional.of(error.asString()) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static URI directory(URI apiUrl) {
        Objects.requireNonNull(apiUrl, "apiUrl");
        if (apiUrl.getScheme() == null || apiUrl.getHost() == null || !(apiUrl.getScheme().equalsIgnoreCase("http")
                || apiUrl.getScheme().equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("apiUrl must be an absolute http(s) URL: " + apiUrl);
        }
        String path = apiUrl.getRawPath() == null || apiUrl.getRawPath().isEmpty() ? "/" : apiUrl.getRawPath();
        return apiUrl.resolve(path.endsWith("/") ? path : path + "/");
    }

    /** Configures an {@link AcmeDnsProvider}. */
    public static final class Builder {
        private final URI apiUrl;
        private final Map<String, AcmeDnsAccount> byName = new HashMap<>();
        private Function<String, Optional<AcmeDnsAccount>> lookup = name -> Optional.empty();
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration maxRateLimitWait = DEFAULT_MAX_RATE_LIMIT_WAIT;
        private HttpClient http;

        private Builder(URI apiUrl) {
            this.apiUrl = directory(apiUrl);
        }

        /**
         * An account, used for records at its full domain (where a followed CNAME leads).
         *
         * @param account the account
         * @return this builder
         */
        public Builder account(AcmeDnsAccount account) {
            byName.put(account.fulldomain(), account);
            return this;
        }

        /**
         * An account for a domain, used for records at its full domain and at
         * {@code _acme-challenge.<domain>}.
         *
         * @param domain  the domain (for a wildcard, its base), such as {@code example.com}
         * @param account the account
         * @return this builder
         */
        public Builder account(String domain, AcmeDnsAccount account) {
            String base = Zones.normalize(domain);
            byName.put("_acme-challenge." + (base.startsWith("*.") ? base.substring(2) : base), account);
            return account(account);
        }

        /**
         * Where to look up accounts not given by {@link #account(AcmeDnsAccount)}: a store of the
         * application's, keyed by the record name this provider is given.
         *
         * @param lookup record name (lower case, no trailing dot) to account
         * @return this builder
         */
        public Builder accounts(Function<String, Optional<AcmeDnsAccount>> lookup) {
            this.lookup = Objects.requireNonNull(lookup, "lookup");
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
         * The longest total wait for rate limits within one publish.
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
        public AcmeDnsProvider build() {
            return new AcmeDnsProvider(this);
        }
    }
}
