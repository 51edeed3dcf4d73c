package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.CertificateMismatchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

// RFC 8555 §7.4.2: downloading the certificate chain, alternates, and checking what was issued.
class SessionCertificateTest extends MockCaTest {

    private static final TestPki PKI = TestPki.shared();
    private static final List<Identifier> NAMES = List.of(Identifier.dns("www.example.org"), Identifier.dns("example.org"));
    private static final X509Certificate LEAF = PKI.leaf(TestKeys.DOMAIN.getPublic(), NAMES);
    private static final String ALTERNATE = "/acme/cert/1";

    private MockCa enqueueChain(List<X509Certificate> chain, String... headers) {
        return ca.enqueue(ca.acme(200, MockCa.PEM_CHAIN, TestPki.pem(chain), headers).build());
    }

    private String alternateLink() {
        return "<" + ca.url(ALTERNATE) + ">;rel=\"alternate\"";
    }

    private Order validOrder() throws Exception {
        return fetchRfcOrder("order-valid.json", d -> d);
    }

    @Test
    void theChainIsDownloadedAsPemLeafFirst() throws Exception {
        Order order = validOrder();
        enqueueChain(PKI.chain(LEAF), "Link", alternateLink());

        Certificate certificate = session.downloadCertificate(order);

        assertThat(certificate.url()).isEqualTo(ca.url(MockCa.CERTIFICATE));
        assertThat(certificate.chain()).containsExactly(LEAF, PKI.intermediate);
        assertThat(certificate.leaf()).isEqualTo(LEAF);
        assertThat(certificate.topIssuerName()).isEqualTo(TestPki.ROOT);
        assertThat(certificate.alternates()).containsExactly(Link.certificate(ca.url(ALTERNATE)));
        SignedRequest request = takeSigned(MockCa.CERTIFICATE);
        assertThat(request.header("Accept")).isEqualTo(MockCa.PEM_CHAIN);
        assertThat(request.jws().encodedPayload()).isEmpty();
    }

    @Test
    void aPreferredIssuerIsFoundAmongTheAlternates() throws Exception {
        Order order = validOrder();
        // A relative link target is resolved against the request URL.
        enqueueChain(PKI.chain(LEAF), "Link", "<1>;rel=\"alternate\"", "Link", "</acme/directory>;rel=\"index\"");
        enqueueChain(PKI.alternateChain(LEAF));

        Certificate chosen = session.downloadCertificate(order, TestPki.ALT_ROOT);

        assertThat(chosen.url()).isEqualTo(ca.url(ALTERNATE));
        assertThat(chosen.chain()).containsExactly(LEAF, PKI.crossSignedIntermediate);
        takeSigned(MockCa.CERTIFICATE);
        assertThat(takeSigned(ALTERNATE).header("Accept")).isEqualTo(MockCa.PEM_CHAIN);
    }

    @Test
    void aPreferredIssuerOfTheDefaultChainNeedsNoAlternate() throws Exception {
        Order order = validOrder();
        enqueueChain(PKI.chain(LEAF), "Link", alternateLink());
        int before = ca.requestCount();

        assertThat(session.downloadCertificate(order, "root x1").url()).isEqualTo(ca.url(MockCa.CERTIFICATE));
        assertThat(ca.requestCount()).isEqualTo(before + 1);
    }

    @Test
    void theDefaultChainIsUsedWhenNoChainLeadsToThePreferredIssuer() throws Exception {
        Order order = validOrder();
        enqueueChain(PKI.chain(LEAF), "Link", alternateLink());
        enqueueChain(PKI.alternateChain(LEAF));

        Certificate chosen = session.downloadCertificate(order, "Some Other Root");

        assertThat(chosen.url()).isEqualTo(ca.url(MockCa.CERTIFICATE));
        assertThat(chosen.topIssuerName()).isEqualTo(TestPki.ROOT);
    }

    @Test
    void anOrderWithoutACertificateCannotBeDownloaded() throws Exception {
        Order pending = fetchRfcOrder("order-pending.json", d -> d);
        int before = ca.requestCount();

        assertThatThrownBy(() -> session.downloadCertificate(pending)).isInstanceOf(IllegalStateException.class);
        assertThat(ca.requestCount()).isEqualTo(before);
    }

    @Test
    void aCertificateInAnotherMediaTypeIsAProtocolError() throws Exception {
        Order order = validOrder();
        ca.enqueueJson(200, "{\"certificate\": \"not here\"}");

        assertThatThrownBy(() -> session.downloadCertificate(order))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("application/pem-certificate-chain")
                .hasMessageContaining("'application/json'")
                .hasMessageContaining("POST " + ca.url(MockCa.CERTIFICATE) + " -> HTTP 200");
    }

    @Test
    void aChainThatIsNotPemIsAProtocolError() throws Exception {
        Order order = validOrder();
        ca.enqueue(ca.acme(200, MockCa.PEM_CHAIN, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n")
                .build());

        assertThatThrownBy(() -> session.downloadCertificate(order))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("POST " + ca.url(MockCa.CERTIFICATE) + " -> HTTP 200");
    }

    @Test
    void verifyAcceptsTheCertificateThatWasOrdered() throws Exception {
        Order order = validOrder();
        enqueueChain(PKI.chain(LEAF));
        Certificate certificate = session.downloadCertificate(order);

        assertThatCode(() -> certificate.verify(TestKeys.DOMAIN.getPublic(), order.identifiers())).doesNotThrowAnyException();
    }

    @Test
    void verifyComparesIpAddressesAndWildcardsAsOrdered() {
        // RFC 8738: the CSR and order carry RFC 5952 text; the certificate carries the address bytes.
        List<Identifier> ordered = List.of(Identifier.dns("*.example.org"), Identifier.ip("192.0.2.1"),
                Identifier.ip("2001:db8::1"));
        X509Certificate leaf = PKI.leaf(TestKeys.DOMAIN.getPublic(), List.of(Identifier.dns("*.example.org"),
                new Identifier("ip", "192.0.2.1"), Identifier.ip("2001:0DB8:0:0:0:0:0:1")));
        Certificate certificate = Certificate.builder(URI.create("https://ca.example/cert/2"), PKI.chain(leaf)).build();

        assertThatCode(() -> certificate.verify(TestKeys.DOMAIN.getPublic(), ordered)).doesNotThrowAnyException();
    }

    static Stream<Arguments> mismatches() {
        List<X509Certificate> good = PKI.chain(LEAF);
        PublicKey key = TestKeys.DOMAIN.getPublic();
        return Stream.of(
                Arguments.of("another key", good, TestKeys.ACCOUNT.getPublic(), NAMES, "public key"),
                Arguments.of("a name missing", good, key,
                        List.of(Identifier.dns("www.example.org"), Identifier.dns("example.org"), Identifier.dns("mail.example.org")),
                        "missing [dns:mail.example.org]"),
                Arguments.of("an extra name", good, key, List.of(Identifier.dns("example.org")),
                        "unexpected [dns:www.example.org]"),
                Arguments.of("a broken chain", List.of(LEAF, PKI.root), key, NAMES, "is not signed by the next one"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatches")
    void verifyRejectsACertificateWith(String what, List<X509Certificate> chain, PublicKey key, List<Identifier> names,
                                       String message) {
        Certificate certificate = Certificate.builder(URI.create("https://ca.example/cert/1"), chain).build();

        assertThatThrownBy(() -> certificate.verify(key, names))
                .isInstanceOf(CertificateMismatchException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("https://ca.example/cert/1");
    }
}
