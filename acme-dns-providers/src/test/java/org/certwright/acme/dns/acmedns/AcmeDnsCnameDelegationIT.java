package org.certwright.acme.dns.acmedns;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Session;
import org.certwright.acme.challenges.DnsPropagationChecker;
import org.certwright.acme.challenges.DnsResponder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.testkit.PebbleConfig;
import org.certwright.testkit.PebbleServer;
import org.certwright.testkit.PowerDnsServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CNAME delegation end to end, as the acme-dns setup documents it: the domain's zone (in a real
 * PowerDNS) delegates {@code _acme-challenge.<domain>} by a CNAME to a registration's full domain in
 * {@code auth.certwright.test}; the provider, given only the domain's account, is handed the CNAME
 * target by the responder and updates acme-dns over its HTTP API; Pebble, asking PowerDNS, follows the
 * CNAME and validates a wildcard and its base. The acme-dns side is a stand-in speaking its documented
 * API (register, update with two rolling values) and serving the values from the same PowerDNS,
 * since acme-dns itself is not packaged for Debian.
 */
class AcmeDnsCnameDelegationIT {

    private static final String ZONE = "certwright.test";
    private static final String AUTH = "auth." + ZONE;

    @Test
    void aWildcardIsIssuedThroughTheDelegatedChallengeName() throws Exception {
        try (PowerDnsServer pdns = PowerDnsServer.start(ZONE);
                AcmeDnsStandIn acmeDns = new AcmeDnsStandIn(pdns);
                PebbleServer pebble = PebbleServer.start(PebbleConfig.defaults(), pdns.address())) {
            pdns.createZone(AUTH);
            String base = "delegated-" + ProcessHandle.current().pid() + "." + ZONE;
            AcmeDnsAccount account = AcmeDnsProvider.register(acmeDns.url(), List.of());
            // The one-time setup an operator does in the domain's own zone.
            pdns.replaceRecords(ZONE, "_acme-challenge." + base, "CNAME", List.of(account.fulldomain() + "."));

            Session session = Session.builder(pebble.directoryUrl(), KeyType.EC_P256.generate())
                    .trustedCertificates(List.of(pebble.trustAnchor()))
                    .userAgent("certwright-it/1")
                    .build();
            session.register(NewRegistration.builder().contact("mailto:it@example.com").agreeToTermsOfService().build());
            IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                    .dns("*." + base, base)
                    .challengeTypes(Challenge.DNS_01)
                    .responders(DnsResponder.builder(AcmeDnsProvider.builder(acmeDns.url()).account(account).build())
                            .propagationCheck(DnsPropagationChecker.builder()
                                    .nameservers(pdns.address())
                                    .interval(Duration.ofMillis(200))
                                    .build())
                            .build())
                    .readinessTimeout(Duration.ofSeconds(30))
                    .build());

            assertThat(Certificate.namedIdentifiers(issued.certificate().leaf()))
                    .containsExactlyInAnyOrder(Identifier.dns("*." + base), Identifier.dns(base));
            assertThat(acmeDns.updates).as("both challenges updated the delegated name").hasSize(2)
                    .allSatisfy(fulldomain -> assertThat(fulldomain).isEqualTo(account.fulldomain()));
            assertThat(pdns.txt(AUTH, account.fulldomain())).hasSize(2);
        }
    }

    /** acme-dns's API as documented, keeping each registration's last two values as TXT records in PowerDNS. */
    private static final class AcmeDnsStandIn implements AutoCloseable {
        private record Registration(String password, String subdomain) {
        }

        final List<String> updates = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final JsonMapper json = JsonMapper.builder().build();
        private final PowerDnsServer pdns;
        private final HttpServer server;
        private final ExecutorService pool = Executors.newFixedThreadPool(4);
        private final Map<String, Registration> users = new ConcurrentHashMap<>();
        private final Map<String, List<String>> values = new ConcurrentHashMap<>();

        AcmeDnsStandIn(PowerDnsServer pdns) throws IOException {
            this.pdns = pdns;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(pool);
            server.createContext("/", this::handle);
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                byte[] in = exchange.getRequestBody().readAllBytes();
                if (path.equals("/register")) {
                    String user = java.util.UUID.randomUUID().toString();
                    String subdomain = java.util.UUID.randomUUID().toString();
                    String password = java.util.UUID.randomUUID().toString().replace("-", "");
                    users.put(user, new Registration(password, subdomain));
                    respond(exchange, 201, json.createObjectNode().put("username", user).put("password", password)
                            .put("fulldomain", subdomain + "." + AUTH).put("subdomain", subdomain).toString());
                    return;
                }
                Registration registration = users.get(exchange.getRequestHeaders().getFirst("X-Api-User"));
                if (!path.equals("/update") || registration == null
                        || !registration.password().equals(exchange.getRequestHeaders().getFirst("X-Api-Key"))) {
                    respond(exchange, 401, "{\"error\": \"forbidden\"}");
                    return;
                }
                JsonNode body = json.readTree(new String(in, StandardCharsets.UTF_8));
                String txt = body.path("txt").asString();
                String fulldomain = registration.subdomain() + "." + AUTH;
                synchronized (values) {
                    List<String> kept = new ArrayList<>(values.getOrDefault(fulldomain, List.of()));
                    kept.add("\"" + txt + "\"");
                    kept = List.copyOf(kept.subList(Math.max(0, kept.size() - 2), kept.size()));
                    values.put(fulldomain, kept);
                    pdns.replaceRecords(AUTH, fulldomain, "TXT", kept);
                }
                updates.add(fulldomain);
                respond(exchange, 200, json.createObjectNode().put("txt", txt).toString());
            }
        }

        private static void respond(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        @Override
        public void close() {
            server.stop(0);
            pool.shutdownNow();
        }
    }
}
