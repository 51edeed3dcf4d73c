package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.crypto.KeyType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the three responders with their own server have in common, checked alike for each. */
// A provision held open by try-with-resources is the point of the block, not an unused resource.
@SuppressWarnings("try")
class ListeningResponderContractTest {

    private static final KeyPair ACCOUNT = KeyType.EC_P256.generate();

    /** One kind of listening responder: how to make it, a challenge it answers, and its queries. */
    record Kind(String name, IntFunction<AutoCloseable> create, Function<String, ChallengeContext> challenge) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> kinds() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        return Stream.of(
                Arguments.of(new Kind("http-01", port -> new EmbeddedHttpResponder(loopback, port), Contexts::http01)),
                Arguments.of(new Kind("tls-alpn-01", port -> new TlsAlpnResponder(loopback, port),
                        name -> Contexts.tlsAlpn01(Identifier.dns(name)))),
                Arguments.of(new Kind("simpleHttps", port -> new SimpleHttpsResponder(ACCOUNT, loopback, port),
                        name -> SimpleHttpsResponderTest.simpleHttps(name, ACCOUNT))));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void listensFromTheFirstProvisionToTheLastCleanUpAndRefusesWorkOnceClosed(Kind kind) throws Exception {
        int port = Contexts.freePort();
        AutoCloseable created = kind.create().apply(port);
        ChallengeResponder responder = (ChallengeResponder) created;
        try {
            assertThat(listening(responder)).isFalse();
            Provision a = responder.provision(kind.challenge().apply("a.example.org"));
            Provision b = responder.provision(kind.challenge().apply("b.example.org"));
            assertThat(listening(responder)).isTrue();
            a.close();
            a.close();
            assertThat(listening(responder)).as("b is still in flight").isTrue();
            b.close();
            assertThat(listening(responder)).isFalse();
            assertThat(Contexts.isFree(port)).isTrue();

            responder.provision(kind.challenge().apply("c.example.org"));
            created.close();
            assertThat(listening(responder)).isFalse();
            assertThat(Contexts.isFree(port)).isTrue();
            assertThatThrownBy(() -> responder.provision(kind.challenge().apply("d.example.org")))
                    .isInstanceOf(ProvisioningException.class).hasMessageContaining("closed");
        } finally {
            created.close();
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void reportsAPortThatCannotBeBoundAndWorksOnceItIsFree(Kind kind) throws Exception {
        int port = Contexts.freePort();
        AutoCloseable created = kind.create().apply(port);
        ChallengeResponder responder = (ChallengeResponder) created;
        try {
            try (ServerSocket taken = new ServerSocket()) {
                taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                assertThatThrownBy(() -> responder.provision(kind.challenge().apply("example.org")))
                        .isInstanceOf(ProvisioningException.class).hasMessageContaining(Integer.toString(port));
            }
            assertThat(listening(responder)).isFalse();
            try (Provision p = responder.provision(kind.challenge().apply("example.org"))) {
                assertThat(listening(responder)).isTrue();
            }
        } finally {
            created.close();
        }
    }

    private static boolean listening(ChallengeResponder responder) {
        if (responder instanceof EmbeddedHttpResponder r) {
            return r.isListening();
        }
        if (responder instanceof TlsAlpnResponder r) {
            return r.isListening();
        }
        return ((SimpleHttpsResponder) responder).isListening();
    }
}
