package org.certwright.acme.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.Status;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.crypto.KeyType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookDnsResponderTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private HttpServer api;
    private WebhookDnsResponder responder;

    @BeforeEach
    void start() throws IOException {
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        api.start();
        URI base = URI.create("http://127.0.0.1:" + api.getAddress().getPort());
        responder = new WebhookDnsResponder(base.resolve("/set-txt"), base.resolve("/clear-txt"));
    }

    @AfterEach
    void stop() {
        api.stop(0);
    }

    @Test
    void addsTheRecordAndRemovesItAtCleanUp() throws Exception {
        Provision provision = responder.provision(dns01("example.com", "txt-value_1"));
        assertThat(calls).containsExactly(
                "POST /set-txt {\"host\":\"_acme-challenge.example.com.\",\"value\":\"txt-value_1\"}");
        provision.close();
        assertThat(calls).last().isEqualTo("POST /clear-txt {\"host\":\"_acme-challenge.example.com.\"}");
    }

    @Test
    void reportsARefusalAsAProvisioningFailure() {
        status = 403;
        assertThatThrownBy(() -> responder.provision(dns01("example.com", "v")))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("403");
    }

    @Test
    void answersDns01Only() {
        assertThat(responder.challengeTypes()).containsExactly(Challenge.DNS_01);
    }

    private static ChallengeContext dns01(String name, String value) {
        KeyPair account = KeyType.EC_P256.generate();
        Challenge challenge = Challenge.builder(URI.create("https://ca.test/chall/1"), Challenge.DNS_01, Status.PENDING)
                .token("token").build();
        return new ChallengeContext(Identifier.dns(name), challenge, URI.create("https://ca.test/acct/1"),
                account.getPublic(), Optional.empty(), Optional.empty(),
                Optional.of(new DnsRecord("_acme-challenge." + name, value, false)), Optional.empty());
    }
}
