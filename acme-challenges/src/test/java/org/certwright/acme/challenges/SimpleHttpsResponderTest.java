package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Optional;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.crypto.KeyType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The simpleHttps responder, checked the way the draft's CA validates. */
class SimpleHttpsResponderTest {

    private final int port = Contexts.freePort();
    private final InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    private SimpleHttpsResponder responder;

    @AfterEach
    void close() {
        if (responder != null) {
            responder.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "RSA_2048", "ED25519"})
    void servesTheTokenAsTheDraftsCaValidatesIt(KeyType type) throws Exception {
        KeyPair account = type.generate();
        responder = new SimpleHttpsResponder(account, InetAddress.getLoopbackAddress(), port);
        ChallengeContext context = simpleHttps("example.org", account);
        HttpResource file = context.httpResource().orElseThrow();
        assertThat(responder.supports(context)).isTrue();
        assertThat(responder.isListening()).isFalse();

        try (Provision provision = responder.provision(context)) {
            assertThat(responder.isListening()).isTrue();
            assertThat(DraftHttpsValidation.validate(server, "example.org", file.name(), file.content(),
                    account.getPublic())).isTrue();
            DraftHttpsValidation.Fetched fetched = DraftHttpsValidation.fetch(server, "example.org", file.name(),
                    account.getPublic());
            assertThat(fetched.contentType()).contains("text/plain");
            assertThat(fetched.body()).isEqualTo(file.content());
            assertThat(fetched.certificate().getPublicKey()).isEqualTo(account.getPublic());
            assertThat(DraftHttpsValidation.validate(server, "example.org", file.name(), "another token",
                    account.getPublic())).isFalse();
        }
        assertThat(responder.isListening()).isFalse();
        assertThat(DraftHttpsValidation.validate(server, "example.org", file.name(), file.content(),
                account.getPublic())).isFalse();
    }

    @Test
    void slowClientsCannotKeepTheCaFromBeingAnswered() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            KeyPair account = KeyType.EC_P256.generate();
            responder = new SimpleHttpsResponder(account, InetAddress.getLoopbackAddress(), port);
            ChallengeContext context = simpleHttps("example.org", account);
            HttpResource file = context.httpResource().orElseThrow();
            try (Provision provision = responder.provision(context);
                 Slowloris handshakes = Slowloris.open(port, 64, Slowloris.TLS)) {
                Thread.sleep(500); // lets the server take up every stalled connection first
                DraftHttpsValidation.Fetched fetched = DraftHttpsValidation.fetch(server, "example.org", file.name(),
                        account.getPublic());
                assertThat(fetched.status()).isEqualTo(200);
                assertThat(fetched.body()).isEqualTo(file.content());
                assertThat(handshakes.closedByServerWithin(Duration.ofSeconds(30))).isEqualTo(handshakes.size());
            }
        });
    }

    @Test
    void eachDomainGetsItsOwnCertificateAndOthersNone() throws Exception {
        KeyPair account = KeyType.EC_P256.generate();
        responder = new SimpleHttpsResponder(account, InetAddress.getLoopbackAddress(), port);
        ChallengeContext a = simpleHttps("a.example.org", account);
        ChallengeContext b = simpleHttps("b.example.org", account);
        try (Provision pa = responder.provision(a); Provision pb = responder.provision(b)) {
            for (ChallengeContext c : new ChallengeContext[] {a, b}) {
                HttpResource file = c.httpResource().orElseThrow();
                assertThat(DraftHttpsValidation.validate(server, c.identifier().value(), file.name(), file.content(),
                        account.getPublic())).isTrue();
            }
            HttpResource fileOfA = a.httpResource().orElseThrow();
            assertThatThrownBy(() -> DraftHttpsValidation.fetch(server, "c.example.org", fileOfA.name(),
                    account.getPublic())).as("no certificate for a name not in flight").isInstanceOf(IOException.class);
            assertThat(DraftHttpsValidation.fetch(server, "a.example.org", "notInFlight", account.getPublic())
                    .status()).isEqualTo(404);
        }
    }

    @Test
    void aCertificateForAnotherKeyFailsTheCasCheck() throws Exception {
        KeyPair account = KeyType.EC_P256.generate();
        responder = new SimpleHttpsResponder(account, InetAddress.getLoopbackAddress(), port);
        ChallengeContext context = simpleHttps("example.org", account);
        HttpResource file = context.httpResource().orElseThrow();
        try (Provision provision = responder.provision(context)) {
            assertThat(DraftHttpsValidation.validate(server, "example.org", file.name(), file.content(),
                    KeyType.EC_P256.generate().getPublic())).isFalse();
        }
    }

    @Test
    void declinesOtherAccountsOtherTypesAndWildcards() {
        KeyPair account = KeyType.EC_P256.generate();
        responder = new SimpleHttpsResponder(account, InetAddress.getLoopbackAddress(), port);
        ChallengeContext otherAccount = simpleHttps("example.org", KeyType.EC_P256.generate());
        assertThat(responder.supports(otherAccount)).isFalse();
        assertThatThrownBy(() -> responder.provision(otherAccount)).isInstanceOf(ProvisioningException.class);
        assertThat(responder.supports(Contexts.http01("example.org"))).isFalse();
        assertThat(responder.challengeTypes()).containsExactly(Challenge.SIMPLE_HTTPS);
        ChallengeContext wildcard = new ChallengeContext(Identifier.dns("*.example.org"),
                Contexts.challenge(Challenge.SIMPLE_HTTPS, "t"), Contexts.ACCOUNT_URL, account.getPublic(),
                Optional.empty(), Optional.of(new HttpResource("abc", "t", "text/plain")), Optional.empty(),
                Optional.empty());
        assertThat(responder.supports(wildcard)).isFalse();
        assertThat(responder.isListening()).isFalse();
    }

    @Test
    void closingRemovesWhatIsInFlight() throws Exception {
        KeyPair account = KeyType.EC_P256.generate();
        responder = new SimpleHttpsResponder(account, InetAddress.getLoopbackAddress(), port);
        responder.provision(simpleHttps("example.org", account));
        assertThat(responder.isListening()).isTrue();
        responder.close();
        assertThat(responder.isListening()).isFalse();
        assertThatThrownBy(() -> responder.provision(simpleHttps("example.org", account)))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("closed");
    }

    @Test
    void theCertificateIsSelfSignedByTheAccountKeyForTheDomain() throws Exception {
        KeyPair account = KeyType.EC_P384.generate();
        var certificate = SimpleHttpsCertificates.create("Example.ORG", account);
        certificate.verify(account.getPublic());
        assertThat(certificate.getPublicKey()).isEqualTo(account.getPublic());
        assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
        assertThat(certificate.getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1)).toList())
                .containsExactly("example.org");
        assertThatThrownBy(() -> SimpleHttpsCertificates.create("*.example.org", account))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A simpleHttps context as the draft session derives it: token as content at a random path. */
    static ChallengeContext simpleHttps(String domain, KeyPair account) {
        String token = Contexts.token();
        return new ChallengeContext(Identifier.dns(domain), Contexts.challenge(Challenge.SIMPLE_HTTPS, token),
                Contexts.ACCOUNT_URL, account.getPublic(), Optional.empty(),
                Optional.of(new HttpResource(Contexts.token().substring(0, 22), token, "text/plain")),
                Optional.empty(), Optional.empty());
    }
}
