package org.certwright.acme.dns.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.certwright.acme.dns.DnsApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The requests against Google's documented token endpoint and Cloud DNS API (see {@link FakeGoogleDns}). */
class GoogleCloudDnsProviderTest {

    private static final String VALUE = "LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM";

    private final MockWebServer server = new MockWebServer();
    private final FakeGoogleDns google;

    @TempDir
    Path dir;

    GoogleCloudDnsProviderTest() throws Exception {
        google = new FakeGoogleDns();
    }

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(google);
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void oneTokenThenEveryPageOfZonesThenAnAdditionAndItsStatus() throws Exception {
        String name = "_acme-challenge.www." + FakeGoogleDns.ZONE;
        DnsProvider provider = provider(google.keyFile(server.url("/token").toString(), true));

        provider.publish(new DnsRecord(name, VALUE, false));
        provider.remove(new DnsRecord(name, VALUE, false));

        List<String> requests = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
            requests.add(r.getMethod() + " " + r.getTarget().replaceAll("/changes/[^?]+", "/changes/{id}"));
            if (r.getTarget().endsWith("/changes") && requests.size() < 7) {
                assertThat(r.getBody().utf8()).isEqualTo("{\"additions\":[{\"name\":\"" + name + ".\",\"type\":\"TXT\","
                        + "\"ttl\":60,\"rrdatas\":[\"\\\"" + VALUE + "\\\"\"]}]}");
            }
        }
        String zones = "/dns/v1/projects/certwright-test/managedZones";
        String rrsets = zones + "/example-test/rrsets?name=" + name + ".&type=TXT";
        assertThat(requests).containsExactly(
                "POST /token",
                "GET " + zones,
                "GET " + zones + "?pageToken=2",
                "GET " + zones + "?pageToken=4",
                "GET " + rrsets,
                "POST " + zones + "/example-test/changes",
                "GET " + zones + "/example-test/changes/{id}",     // pending
                "GET " + zones + "/example-test/changes/{id}",     // done
                "GET " + rrsets,
                "POST " + zones + "/example-test/changes",
                "GET " + zones + "/example-test/changes/{id}",
                "GET " + zones + "/example-test/changes/{id}");
        assertThat(google.tokenRequests).as("the token is reused").hasValue(1);
    }

    @Test
    void aRefusedKeyGivesGooglesOwnError() throws Exception {
        DnsProvider provider = provider(google.keyFile(server.url("/token").toString(), false));

        assertThatThrownBy(() -> provider.publish(new DnsRecord("_acme-challenge." + FakeGoogleDns.ZONE, VALUE, false)))
                .isInstanceOfSatisfying(DnsApiException.class, e -> assertThat(e.serviceMessage())
                        .hasValue("invalid_grant: Invalid JWT Signature."))
                .hasMessageContaining("POST " + server.url("/token"));
    }

    @Test
    void theFactoryReadsTheKeyFileNamedByGoogleApplicationCredentials() throws Exception {
        Path key = dir.resolve("key.json");
        Files.writeString(key, google.keyFile(server.url("/token").toString(), true));

        DnsProvider provider = new GoogleCloudDnsProviderFactory(v -> v.equals("GOOGLE_APPLICATION_CREDENTIALS")
                ? key.toString() : null).create(Map.of("managed-zone", "example-test"));

        assertThat(provider.toString()).isEqualTo("GoogleCloudDnsProvider[project=certwright-test, account="
                + "GoogleServiceAccount[" + FakeGoogleDns.EMAIL + "], managedZone=example-test]");
        assertThat(DnsProviderFactory.named("google")).isInstanceOf(GoogleCloudDnsProviderFactory.class);
        Files.writeString(key, "{\"type\": \"authorized_user\"}");
        assertThatThrownBy(() -> new GoogleCloudDnsProviderFactory(v -> key.toString()).create(Map.of()))
                .hasMessageContaining("not a service account key");
    }

    private DnsProvider provider(String key) {
        return GoogleCloudDnsProvider.builder(key)
                .endpoints(server.url("/dns/v1/").uri(), server.url("/token").uri())
                .pollInterval(Duration.ofMillis(50))
                .build();
    }
}
