package org.certwright.acme.dns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
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

/** The requests against Entra ID's token endpoint and the Azure DNS API as documented (see {@link FakeAzureDns}). */
class AzureDnsProviderTest {

    private static final String VALUE = "LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM";

    private final MockWebServer server = new MockWebServer();
    private final FakeAzureDns azure = new FakeAzureDns();

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(azure);
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aTokenThenEveryPageOfZonesThenConditionalWrites() throws Exception {
        DnsProvider provider = provider(FakeAzureDns.SECRET);
        String name = "_acme-challenge.www." + FakeAzureDns.ZONE;

        provider.publish(new DnsRecord(name, "first-value", false));
        provider.publish(new DnsRecord(name, VALUE, false));

        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
            requests.add(r);
        }
        String set = "/subscriptions/" + FakeAzureDns.SUBSCRIPTION + "/resourceGroups/dns-rg/providers/Microsoft.Network"
                + "/dnszones/example.test/TXT/_acme-challenge.www?api-version=2018-05-01";
        String zones = "/subscriptions/" + FakeAzureDns.SUBSCRIPTION
                + "/providers/Microsoft.Network/dnszones?api-version=2018-05-01";
        assertThat(requests).extracting(q -> q.getMethod() + " " + q.getTarget()).containsExactly(
                "POST /" + FakeAzureDns.TENANT + "/oauth2/v2.0/token",
                "GET " + zones,
                "GET " + zones + "&$skiptoken=2",
                "GET " + set,
                "PUT " + set,
                "GET " + set,
                "PUT " + set);
        assertThat(requests.get(0).getBody().utf8()).startsWith("grant_type=client_credentials&client_id="
                + FakeAzureDns.CLIENT + "&client_secret=").endsWith("&scope=" + java.net.URLEncoder.encode(
                server.url("/.default").toString(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(requests.get(4).getHeaders().get("If-None-Match")).isEqualTo("*");
        assertThat(requests.get(4).getBody().utf8())
                .isEqualTo("{\"properties\":{\"TTL\":60,\"TXTRecords\":[{\"value\":[\"first-value\"]}]}}");
        assertThat(requests.get(6).getHeaders().get("If-Match")).isNotBlank();
        assertThat(requests.get(6).getBody().utf8()).isEqualTo("{\"properties\":{\"TTL\":60,\"TXTRecords\":"
                + "[{\"value\":[\"first-value\"]},{\"value\":[\"" + VALUE + "\"]}]}}");
        assertThat(azure.txt(FakeAzureDns.ZONE, name)).containsExactlyInAnyOrder("first-value", VALUE);
    }

    @Test
    void aWrongSecretGivesEntraIdsOwnErrorAndNotTheSecret() {
        String wrong = "wrong-secret-value";
        assertThatThrownBy(() -> provider(wrong).publish(new DnsRecord("_acme-challenge." + FakeAzureDns.ZONE, VALUE, false)))
                .isInstanceOfSatisfying(DnsApiException.class, e -> assertThat(e.serviceMessage())
                        .hasValue("invalid_client: AADSTS7000215: Invalid client secret provided."))
                .hasMessageNotContaining(wrong);
    }

    @Test
    void theFactoryReadsTheAzureSdkVariables() {
        DnsProvider provider = new AzureDnsProviderFactory(v -> switch (v) {
            case "AZURE_TENANT_ID" -> FakeAzureDns.TENANT;
            case "AZURE_CLIENT_ID" -> FakeAzureDns.CLIENT;
            case "AZURE_CLIENT_SECRET" -> FakeAzureDns.SECRET;
            case "AZURE_SUBSCRIPTION_ID" -> FakeAzureDns.SUBSCRIPTION;
            default -> null;
        }).create(Map.of("resource-group", "dns-rg", "zone", "example.test"));

        assertThat(provider.toString()).doesNotContain(FakeAzureDns.SECRET).contains("zone=/subscriptions/"
                + FakeAzureDns.SUBSCRIPTION + "/resourceGroups/dns-rg/providers/Microsoft.Network/dnszones/example.test");
        assertThat(DnsProviderFactory.named("azure")).isInstanceOf(AzureDnsProviderFactory.class);
        assertThatThrownBy(() -> new AzureDnsProviderFactory(v -> "x").create(Map.of("zone", "example.test")))
                .hasMessage("azure: option 'resource-group' is required");
        assertThatThrownBy(() -> new AzureDnsProviderFactory(v -> null).create(Map.of()))
                .hasMessage("azure: option 'tenant-id' or environment variable AZURE_TENANT_ID is required");
    }

    private DnsProvider provider(String secret) {
        return AzureDnsProvider.builder(FakeAzureDns.TENANT, FakeAzureDns.CLIENT, secret, FakeAzureDns.SUBSCRIPTION)
                .endpoints(server.url("/").uri(), server.url("/").uri())
                .build();
    }
}
