package org.certwright.acme.dns.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.certwright.acme.dns.DnsApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact requests against scripted responses shaped like the Cloudflare API v4 reference
 * (https://developers.cloudflare.com/api/resources/zones/methods/list/ and
 * https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/list/, /create/, /delete/).
 */
class CloudflareDnsProviderTest {

    private static final String TOKEN = "YQSn-xWAQiiEh9qM58wZNnyQS7FUdoqGIUAbrh7T";
    private static final String ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final String RECORD_ID = "372e67954025e0ba6aaa6d586b9e0b59";
    private static final String VALUE = "LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM";
    private static final String NAME = "_acme-challenge.www.example.com";

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void publishListsEveryPageOfZonesThenCreatesTheRecordInTheDeepestZone() throws Exception {
        server.enqueue(json(200, zonesPage(1, 2, "{\"id\":\"aaa\",\"name\":\"com\"}")));
        server.enqueue(json(200, zonesPage(2, 2, "{\"id\":\"" + ZONE_ID + "\",\"name\":\"example.com\"}")));
        server.enqueue(json(200, "{\"result\":[],\"success\":true,\"errors\":[],\"messages\":[],"
                + "\"result_info\":{\"page\":1,\"per_page\":50,\"count\":0,\"total_count\":0,\"total_pages\":1}}"));
        server.enqueue(json(200, "{\"result\":{\"id\":\"" + RECORD_ID + "\",\"type\":\"TXT\",\"name\":\"" + NAME
                + "\",\"content\":\"\\\"" + VALUE + "\\\"\",\"ttl\":120},\"success\":true,\"errors\":[],\"messages\":[]}"));

        provider().publish(new DnsRecord(NAME, VALUE, false));

        List<String> requests = requests(4);
        assertThat(requests).containsExactly(
                "GET /client/v4/zones?page=1&per_page=50 ",
                "GET /client/v4/zones?page=2&per_page=50 ",
                "GET /client/v4/zones/" + ZONE_ID + "/dns_records?type=TXT&name=" + NAME + "&page=1&per_page=50 ",
                "POST /client/v4/zones/" + ZONE_ID + "/dns_records {\"type\":\"TXT\",\"name\":\"" + NAME
                        + "\",\"content\":\"\\\"" + VALUE + "\\\"\",\"ttl\":120}");
    }

    @Test
    void removeDeletesOnlyTheRecordsWithItsValue() throws Exception {
        server.enqueue(json(200, "{\"result\":[{\"id\":\"other\",\"type\":\"TXT\",\"name\":\"" + NAME
                + "\",\"content\":\"\\\"another-value\\\"\"},{\"id\":\"" + RECORD_ID + "\",\"type\":\"TXT\",\"name\":\""
                + NAME + "\",\"content\":\"" + VALUE + "\"}],\"success\":true,\"errors\":[],\"messages\":[],"
                + "\"result_info\":{\"page\":1,\"per_page\":50,\"count\":2,\"total_count\":2,\"total_pages\":1}}"));
        server.enqueue(json(200, "{\"result\":{\"id\":\"" + RECORD_ID + "\"},\"success\":true,\"errors\":[],\"messages\":[]}"));

        CloudflareDnsProvider.builder(TOKEN).apiUrl(server.url("/client/v4").uri()).zoneId(ZONE_ID).build()
                .remove(new DnsRecord(NAME, VALUE, false));

        assertThat(requests(2)).containsExactly(
                "GET /client/v4/zones/" + ZONE_ID + "/dns_records?type=TXT&name=" + NAME + "&page=1&per_page=50 ",
                "DELETE /client/v4/zones/" + ZONE_ID + "/dns_records/" + RECORD_ID + " ");
    }

    @Test
    void cloudflaresErrorsAreInTheExceptionAndTheTokenIsNot() throws Exception {
        server.enqueue(json(403, "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}],"
                + "\"messages\":[],\"result\":null}"));

        assertThatThrownBy(() -> provider().publish(new DnsRecord(NAME, VALUE, false)))
                .isInstanceOfSatisfying(DnsApiException.class, e -> {
                    assertThat(e.serviceMessage()).hasValue("Authentication error (code 10000)");
                    assertThat(e.httpStatus()).hasValue(403);
                })
                .hasMessageNotContaining(TOKEN);
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void theFactoryTakesTheTokenFromLegosVariableOrCloudflaresOwn() {
        DnsProvider fromLego = new CloudflareDnsProviderFactory(v -> v.equals("CLOUDFLARE_DNS_API_TOKEN") ? TOKEN : null)
                .create(Map.of("zone-id", ZONE_ID));
        DnsProvider fromCloudflare = new CloudflareDnsProviderFactory(v -> v.equals("CLOUDFLARE_API_TOKEN") ? TOKEN : null)
                .create(Map.of());

        assertThat(fromLego.toString()).isEqualTo("CloudflareDnsProvider[api=https://api.cloudflare.com/client/v4/, zoneId="
                + ZONE_ID + "]");
        assertThat(fromCloudflare.toString()).doesNotContain(TOKEN);
        assertThat(DnsProviderFactory.named("cloudflare")).isInstanceOf(CloudflareDnsProviderFactory.class);
        assertThatThrownBy(() -> new CloudflareDnsProviderFactory(v -> null).create(Map.of()))
                .hasMessage("cloudflare: option 'token' or environment variable CLOUDFLARE_DNS_API_TOKEN is required");
        assertThatThrownBy(() -> new CloudflareDnsProviderFactory(v -> TOKEN).create(Map.of("ttl", "30")))
                .hasMessageContaining("at least 60 seconds");
    }

    private CloudflareDnsProvider provider() {
        return CloudflareDnsProvider.builder(TOKEN).apiUrl(server.url("/client/v4/").uri()).build();
    }

    private List<String> requests(int count) throws InterruptedException {
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(r).as("request " + (i + 1)).isNotNull();
            assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
            requests.add(r.getMethod() + " " + r.getTarget() + " " + (r.getBody() == null ? "" : r.getBody().utf8()));
        }
        return requests;
    }

    private static String zonesPage(int page, int totalPages, String zone) {
        return "{\"result\":[" + zone + "],\"success\":true,\"errors\":[],\"messages\":[],\"result_info\":{\"page\":"
                + page + ",\"per_page\":50,\"count\":1,\"total_count\":" + totalPages + ",\"total_pages\":" + totalPages + "}}";
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }
}
