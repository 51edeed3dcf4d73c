package org.certwright.acme.challenges;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.internal.Interrupts;
import org.certwright.acme.problem.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes TXT records in Let's Encrypt's pebble-challtestsrv, the mock DNS server that Pebble uses,
 * through its HTTP management API ({@code POST /set-txt} and {@code /clear-txt}): for local development
 * against Pebble and for tests. Not for production DNS.
 *
 * <pre>{@code
 * DnsProvider dns = ChallTestSrvDnsProvider.create(URI.create("http://localhost:8055"));
 * }</pre>
 *
 * <p>pebble-challtestsrv can only clear all TXT values of a name. To remove one value and keep the
 * others (two challenges may share a name), this provider clears the name and adds back the values
 * it published itself and has not removed; values that others added there are lost. Thread-safe.
 */
public final class ChallTestSrvDnsProvider implements DnsProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ChallTestSrvDnsProvider.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_BODY_IN_MESSAGE = 200;

    private final URI managementUrl;
    private final HttpClient http;
    /** The values this provider published and has not removed, by absolute name. */
    private final Map<String, List<String>> published = new ConcurrentHashMap<>();
    /** One lock per name: publishing and removing at one name must not interleave, other names need not wait. */
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private ChallTestSrvDnsProvider(URI managementUrl, HttpClient http) {
        this.managementUrl = managementUrl;
        this.http = http;
    }

    /**
     * A provider for the pebble-challtestsrv whose management API is at {@code managementUrl}.
     *
     * @param managementUrl e.g. {@code http://localhost:8055} (its {@code -management} address)
     * @return the provider
     */
    public static ChallTestSrvDnsProvider create(URI managementUrl) {
        return create(managementUrl, HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build());
    }

    /**
     * A provider that sends its requests with the given client.
     *
     * @param managementUrl the management API's base URL
     * @param client        the HTTP client
     * @return the provider
     */
    public static ChallTestSrvDnsProvider create(URI managementUrl, HttpClient client) {
        Objects.requireNonNull(managementUrl, "managementUrl");
        Objects.requireNonNull(client, "client");
        String scheme = managementUrl.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("not an HTTP URL: " + managementUrl);
        }
        return new ChallTestSrvDnsProvider(managementUrl, client);
    }

    @Override
    public void publish(DnsRecord record) throws AcmeException {
        String host = record.absoluteName();
        // One name at a time, so that a concurrent remove cannot clear a value between set and record.
        synchronized (lockFor(host)) {
            LOG.debug("set-txt {} \"{}\" at {}", host, record.value(), managementUrl);
            post("set-txt", body(host).put("value", record.value()));
            published.computeIfAbsent(host, h -> new ArrayList<>()).add(record.value());
        }
    }

    @Override
    public void remove(DnsRecord record) throws AcmeException {
        String host = record.absoluteName();
        synchronized (lockFor(host)) {
            List<String> values = published.getOrDefault(host, new ArrayList<>());
            values.remove(record.value());
            LOG.debug("clear-txt {} at {}, keeping {}", host, managementUrl, values);
            post("clear-txt", body(host));
            for (String kept : values) {
                post("set-txt", body(host).put("value", kept));
            }
            if (values.isEmpty()) {
                published.remove(host);
            }
        }
    }

    @Override
    public String toString() {
        return "ChallTestSrvDnsProvider[" + managementUrl + "]";
    }

    private Object lockFor(String host) {
        return locks.computeIfAbsent(host, h -> new Object());
    }

    private static ObjectNode body(String host) {
        return JSON.createObjectNode().put("host", host);
    }

    private void post(String endpoint, ObjectNode body) throws AcmeException {
        URI uri = managementUrl.resolve("/" + endpoint);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProvisioningException("POST " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            throw Interrupts.interrupted("during POST " + uri, e);
        }
        if (response.statusCode() != 200) {
            String text = response.body() == null ? "" : response.body().strip();
            throw new ProvisioningException("POST " + uri + " -> HTTP " + response.statusCode()
                    + (text.isEmpty() ? "" : ": " + (text.length() > MAX_BODY_IN_MESSAGE
                    ? text.substring(0, MAX_BODY_IN_MESSAGE) + "..." : text)));
        }
    }
}
