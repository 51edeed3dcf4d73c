package org.certwright.acme.dns.acmedns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.certwright.acme.dns.DnsApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact requests of acme-dns's README (https://github.com/joohoi/acme-dns#api), and its answers. */
class AcmeDnsProviderTest {

    /** The README's register response. */
    private static final String REGISTERED = """
            {
                "allowfrom": [
                    "192.168.100.1/24",
                    "1.2.3.4/32",
                    "2002:c0a8:2a00::0/40"
                ],
                "fulldomain": "8e5700ea-a4bf-41c7-8a77-e990661dcc6a.auth.acme-dns.io",
                "password": "htB9mR9DYgcu9bX_afHF62erXaH2TS7bg9KW3F7Z",
                "subdomain": "8e5700ea-a4bf-41c7-8a77-e990661dcc6a",
                "username": "c36f50e8-4632-44f0-83fe-e070fef28a10"
            }""";
    private static final AcmeDnsAccount ACCOUNT = new AcmeDnsAccount("c36f50e8-4632-44f0-83fe-e070fef28a10",
            "htB9mR9DYgcu9bX_afHF62erXaH2TS7bg9KW3F7Z", "8e5700ea-a4bf-41c7-8a77-e990661dcc6a",
            "8e5700ea-a4bf-41c7-8a77-e990661dcc6a.auth.acme-dns.io", List.of());
    private static final String VALUE = "LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM";

    private final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registerPostsTheAllowedNetworksAndReadsTheReadmesAnswer() throws Exception {
        server.enqueue(json(201, REGISTERED));

        AcmeDnsAccount account = AcmeDnsProvider.register(server.url("/").uri(),
                List.of("192.168.100.1/24", "1.2.3.4/32", "2002:c0a8:2a00::0/40"));

        RecordedRequest request = take();
        assertThat(request.getMethod() + " " + request.getTarget()).isEqualTo("POST /register");
        assertThat(request.getBody().utf8())
                .isEqualTo("{\"allowfrom\":[\"192.168.100.1/24\",\"1.2.3.4/32\",\"2002:c0a8:2a00::0/40\"]}");
        assertThat(account).isEqualTo(new AcmeDnsAccount(ACCOUNT.username(), ACCOUNT.password(), ACCOUNT.subdomain(),
                ACCOUNT.fulldomain(), List.of("192.168.100.1/24", "1.2.3.4/32", "2002:c0a8:2a00::0/40")));
        assertThat(account.toString()).doesNotContain(ACCOUNT.password());
        assertThat(account.cnameFor("*.example.com"))
                .isEqualTo("_acme-challenge.example.com. CNAME 8e5700ea-a4bf-41c7-8a77-e990661dcc6a.auth.acme-dns.io.");
    }

    @Test
    void publishAtTheCnameTargetOrTheChallengeNameSendsTheReadmesUpdate() throws Exception {
        server.enqueue(json(200, "{\"txt\": \"" + VALUE + "\"}"));
        server.enqueue(json(200, "{\"txt\": \"" + VALUE + "\"}"));
        DnsProvider provider = AcmeDnsProvider.builder(server.url("/").uri()).account("example.com", ACCOUNT).build();

        provider.publish(new DnsRecord(ACCOUNT.fulldomain(), VALUE, false));
        provider.publish(new DnsRecord("_acme-challenge.example.com", VALUE, false));
        provider.remove(new DnsRecord(ACCOUNT.fulldomain(), VALUE, false));

        for (int i = 0; i < 2; i++) {
            RecordedRequest update = take();
            assertThat(update.getMethod() + " " + update.getTarget()).isEqualTo("POST /update");
            assertThat(update.getHeaders().get("X-Api-User")).isEqualTo(ACCOUNT.username());
            assertThat(update.getHeaders().get("X-Api-Key")).isEqualTo(ACCOUNT.password());
            assertThat(update.getBody().utf8())
                    .isEqualTo("{\"subdomain\":\"8e5700ea-a4bf-41c7-8a77-e990661dcc6a\",\"txt\":\"" + VALUE + "\"}");
        }
        assertThat(server.getRequestCount()).as("remove sends nothing: acme-dns cannot delete").isEqualTo(2);
    }

    @Test
    void acmeDnsErrorCodesAreInTheException() {
        server.enqueue(json(400, "{\"error\": \"bad_txt\"}"));
        DnsProvider provider = AcmeDnsProvider.builder(server.url("/").uri()).account(ACCOUNT).build();

        assertThatThrownBy(() -> provider.publish(new DnsRecord(ACCOUNT.fulldomain(), "short", false)))
                .isInstanceOfSatisfying(DnsApiException.class, e -> assertThat(e.serviceMessage()).hasValue("bad_txt"))
                .hasMessageContaining("acme-dns refused the request: bad_txt")
                .hasMessageNotContaining(ACCOUNT.password());
    }

    @Test
    void aNameWithoutAccountSaysHowToDelegateIt() {
        DnsProvider provider = AcmeDnsProvider.builder(server.url("/").uri()).account(ACCOUNT).build();

        assertThatThrownBy(() -> provider.publish(new DnsRecord("_acme-challenge.other.example", VALUE, false)))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("no account for _acme-challenge.other.example")
                .hasMessageContaining("CNAME");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theFactoryReadsLegosStorageFileOrASingleRegistration() throws Exception {
        Path file = dir.resolve("acme-dns.json");
        Files.writeString(file, "{\"example.com\": " + REGISTERED + "}");
        server.enqueue(json(200, "{\"txt\": \"" + VALUE + "\"}"));

        DnsProvider fromFile = DnsProviderFactory.named("acme-dns").create(Map.of(
                "api-url", server.url("/").toString(), "accounts-file", file.toString()));
        fromFile.publish(new DnsRecord("_acme-challenge.example.com", VALUE, false));
        assertThat(take().getHeaders().get("X-Api-User")).isEqualTo(ACCOUNT.username());

        DnsProvider single = new AcmeDnsProviderFactory(v -> v.equals("ACME_DNS_PASSWORD") ? "from-env" : null)
                .create(Map.of("api-url", server.url("/").toString(), "username", "u", "subdomain", "s",
                        "fulldomain", "s.auth.example.org."));
        assertThat(single.toString()).doesNotContain("from-env");
        assertThatThrownBy(() -> new AcmeDnsProviderFactory(v -> null).create(Map.of("api-url", "https://a.example/")))
                .hasMessage("acme-dns: option 'username' is required");
        Files.writeString(file, "{\"example.com\": {\"username\": \"u\"}}");
        assertThatThrownBy(() -> DnsProviderFactory.named("acme-dns").create(Map.of(
                "api-url", "https://a.example/", "accounts-file", file.toString())))
                .hasMessageContaining("accounts-file " + file + ", domain 'example.com'");
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("a request within 5 s").isNotNull();
        return request;
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }
}
