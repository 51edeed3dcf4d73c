package org.certwright.acme.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.certwright.acme.dns.DnsApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The requests the provider sends through the SDK, against the documented API (see {@link FakeRoute53}). */
class Route53DnsProviderTest {

    private static final String VALUE = "LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM";

    private final MockWebServer server = new MockWebServer();
    private final FakeRoute53 route53 = new FakeRoute53();

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(route53);
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void publishFollowsNextMarkerThenChangesAtomicallyAndWaitsForInsync() throws Exception {
        String name = "_acme-challenge.www." + FakeRoute53.ZONE;
        try (Route53DnsProvider provider = provider(FakeRoute53.ACCESS_KEY_ID)) {
            provider.publish(new DnsRecord(name, VALUE, false));
        }

        List<RecordedRequest> requests = requests();
        assertThat(requests).extracting(r -> r.getMethod() + " " + r.getUrl().encodedPath()).containsExactly(
                "GET /2013-04-01/hostedzone",
                "GET /2013-04-01/hostedzone",
                "GET /2013-04-01/hostedzone",
                "GET /2013-04-01/hostedzone/Z1D633PJN98FT9/rrset",
                "POST /2013-04-01/hostedzone/Z1D633PJN98FT9/rrset/",
                "GET /2013-04-01/change/" + changeId(requests),
                "GET /2013-04-01/change/" + changeId(requests));
        assertThat(requests.get(1).getUrl().queryParameter("marker")).isEqualTo("ZFILLER2");
        assertThat(requests.get(3).getUrl().queryParameter("name")).isEqualTo(name + ".");
        assertThat(requests.get(3).getUrl().queryParameter("type")).isEqualTo("TXT");
        assertThat(requests.get(4).getBody().utf8())
                .contains("<Action>CREATE</Action>")
                .doesNotContain("<Action>DELETE</Action>")
                .contains("<Name>" + name + ".</Name><Type>TXT</Type><TTL>60</TTL>")
                .contains("<Value>&quot;" + VALUE + "&quot;</Value>");
        assertThat(route53.getChangeCalls).as("PENDING, then INSYNC").hasValue(2);
        assertThat(requests).allSatisfy(r -> assertThat(r.getHeaders().get("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + FakeRoute53.ACCESS_KEY_ID + "/")
                .doesNotContain(FakeRoute53.SECRET_KEY));
    }

    @Test
    void aSecondValueDeletesTheExactSetReadAndCreatesTheUnion() throws Exception {
        String name = "_acme-challenge." + FakeRoute53.ZONE;
        try (Route53DnsProvider provider = provider(FakeRoute53.ACCESS_KEY_ID)) {
            provider.publish(new DnsRecord(name, "first-value", false));
            requests();
            provider.publish(new DnsRecord(name, VALUE, false));
        }

        RecordedRequest change = requests().stream().filter(r -> r.getMethod().equals("POST")).findFirst().orElseThrow();
        String body = change.getBody().utf8();
        assertThat(body.indexOf("<Action>DELETE</Action>")).isLessThan(body.indexOf("<Action>CREATE</Action>"));
        assertThat(body).contains("<Value>&quot;first-value&quot;</Value></ResourceRecord></ResourceRecords>");
        assertThat(route53.txt(FakeRoute53.ZONE, name)).containsExactlyInAnyOrder("first-value", VALUE);
    }

    @Test
    void route53sErrorCodeAndMessageAreInTheException() {
        try (Route53DnsProvider provider = provider("AKIAWRONGWRONGWRONG1")) {
            assertThatThrownBy(() -> provider.publish(new DnsRecord("_acme-challenge." + FakeRoute53.ZONE, VALUE, false)))
                    .isInstanceOfSatisfying(DnsApiException.class, e -> {
                        assertThat(e.serviceMessage()).hasValue(
                                "InvalidClientTokenId: The security token included in the request is invalid.");
                        assertThat(e.httpStatus()).hasValue(403);
                    })
                    .hasMessageContaining("Route 53 refused the request")
                    .hasMessageNotContaining(FakeRoute53.SECRET_KEY);
        }
    }

    @Test
    void theFactoryChecksItsOptions() {
        DnsProviderFactory factory = DnsProviderFactory.named("route53");
        assertThat(factory).isInstanceOf(Route53DnsProviderFactory.class);
        assertThatThrownBy(() -> factory.create(Map.of("access-key-id", "AKIA")))
                .hasMessage("route53: options 'access-key-id' and 'secret-access-key' go together");
        assertThatThrownBy(() -> factory.create(Map.of("region", "eu-west-1")))
                .hasMessageStartingWith("route53: unknown option 'region'");
        try (Route53DnsProvider provider = (Route53DnsProvider) factory.create(Map.of("hosted-zone-id",
                "/hostedzone/Z1D633PJN98FT9", "access-key-id", "AKIA", "secret-access-key", "s3cr3t"))) {
            assertThat(provider.toString()).isEqualTo(
                    "Route53DnsProvider[endpoint=https://route53.amazonaws.com/, hostedZoneId=Z1D633PJN98FT9]");
        }
    }

    private Route53DnsProvider provider(String keyId) {
        return Route53DnsProvider.builder()
                .endpoint(server.url("/").uri())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, FakeRoute53.SECRET_KEY)))
                .pollInterval(Duration.ofMillis(50))
                .build();
    }

    private List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
            requests.add(r);
        }
        return requests;
    }

    private static String changeId(List<RecordedRequest> requests) {
        return requests.stream().map(r -> r.getUrl().encodedPath()).filter(p -> p.startsWith("/2013-04-01/change/"))
                .findFirst().map(p -> p.substring("/2013-04-01/change/".length())).orElse("none");
    }
}
