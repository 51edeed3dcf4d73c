package org.certwright.acme.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.certwright.acme.Challenge;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;

/**
 * A custom challenge responder in one small class: it answers dns-01 by asking a DNS provider's
 * HTTP API to add the TXT record, and to remove it afterwards.
 *
 * <p>The API here takes {@code {"host": "<name>.", "value": "<txt>"}} posted to one URL to add a
 * record and {@code {"host": "<name>."}} posted to another to remove the name's records: the shape
 * of pebble-challtestsrv's management API, which the tests use. For a real provider, change
 * {@link #provision} and the JSON. Like every responder it must be thread-safe, since an order's
 * challenges are provisioned concurrently; {@link HttpClient} is.
 *
 * <pre>{@code
 * ChallengeResponder dns01 = new WebhookDnsResponder(URI.create("https://dns.example/api/set-txt"),
 *         URI.create("https://dns.example/api/clear-txt"));
 * issuer.issue(IssuanceRequest.builder().dns("example.com", "*.example.com")
 *         .challengeTypes(Challenge.DNS_01).responders(dns01).build());
 * }</pre>
 */
public final class WebhookDnsResponder implements ChallengeResponder {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI addUrl;
    private final URI removeUrl;

    /**
     * A responder calling a DNS API.
     *
     * @param addUrl    where to post a record to add
     * @param removeUrl where to post a name whose records to remove
     */
    public WebhookDnsResponder(URI addUrl, URI removeUrl) {
        this.addUrl = Objects.requireNonNull(addUrl, "addUrl");
        this.removeUrl = Objects.requireNonNull(removeUrl, "removeUrl");
    }

    /** The one type it answers. */
    @Override
    public Set<String> challengeTypes() {
        return Set.of(Challenge.DNS_01);
    }

    /** Adds the TXT record; the returned handle removes it. */
    @Override
    public Provision provision(ChallengeContext context) throws ProvisioningException {
        DnsRecord record = context.dnsRecord()
                .orElseThrow(() -> new ProvisioningException("not a DNS challenge: " + context.type()));
        post(addUrl, "{\"host\":\"" + record.absoluteName() + "\",\"value\":\"" + record.value() + "\"}");
        return () -> post(removeUrl, "{\"host\":\"" + record.absoluteName() + "\"}");
    }

    // DNS names and TXT values of dns-01 are base64url and LDH: nothing in them needs JSON escaping.
    private void post(URI url, String json) throws ProvisioningException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new ProvisioningException("DNS API " + url + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new ProvisioningException("DNS API " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while calling DNS API " + url, e);
        }
    }
}
