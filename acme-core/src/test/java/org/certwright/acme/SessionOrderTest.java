package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.NotSupportedByServerException;
import org.certwright.acme.problem.OrderNotReadyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

// RFC 8555 §7.4: newOrder and finalize; RFC 8738 IP identifiers; RFC 9773 replaces; the profiles draft.
class SessionOrderTest extends MockCaTest {

    private static final CertificateId OLD_CERTIFICATE = new CertificateId("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");

    private Order placeOrder(NewOrder request) throws Exception {
        // The CA's order is for what was requested, with (at most) one authorization per identifier.
        JsonDoc answer = ca.fixture("order-pending.json");
        List<?> authorizations = (List<?>) answer.get("authorizations");
        answer = answer.with("identifiers", request.identifiers().stream().map(i -> id(i.type(), i.value())).toList())
                .with("authorizations", authorizations.subList(0, Math.min(authorizations.size(),
                        request.identifiers().size())));
        ca.enqueueDirectoryAndNonce()
                .enqueueJson(201, answer, "Location", ca.url(MockCa.ORDER).toString());
        Order order = session.newOrder(request);
        ca.takeDirectoryAndNonce();
        return order;
    }

    private Map<String, Object> newOrderPayload(NewOrder request) throws Exception {
        placeOrder(request);
        return takeSigned(MockCa.NEW_ORDER).payloadJson();
    }

    private static Map<String, String> id(String type, String value) {
        return Map.of("type", type, "value", value);
    }

    @Test
    void identifiersAreSentAsTypedIdentifierObjects() throws Exception {
        NewOrder request = NewOrder.builder()
                .dns("www.example.org", "*.example.org")
                .identifier(Identifier.ip("192.0.2.1"))
                .identifier(Identifier.ip("2001:DB8:0:0:0:0:0:1"))
                .build();

        assertThat(newOrderPayload(request)).isEqualTo(Map.of("identifiers", List.of(
                id("dns", "www.example.org"), id("dns", "*.example.org"), id("ip", "192.0.2.1"),
                id("ip", "2001:db8::1"))));
    }

    @Test
    void theCreatedOrderIsKnownByItsLocation() throws Exception {
        Order order = placeOrder(NewOrder.builder().dns("www.example.org", "example.org").build());

        assertThat(order.url()).isEqualTo(ca.url(MockCa.ORDER));
        assertThat(order.status()).isEqualTo(Status.PENDING);
        assertThat(order.expires()).contains(Instant.parse("2016-01-05T14:09:07.99Z"));
        assertThat(order.identifiers()).containsExactly(Identifier.dns("www.example.org"), Identifier.dns("example.org"));
        assertThat(order.authorizations()).containsExactly(Link.authorization(ca.url(MockCa.AUTHZ)),
                Link.authorization(ca.url("/acme/authz/r4HqLzrSrpI")));
        assertThat(order.finalizeUrl()).isEqualTo(ca.url(MockCa.FINALIZE));
        assertThat(order.certificate()).isEmpty();
        SignedRequest request = takeSigned(MockCa.NEW_ORDER);
        assertThat(request.jws().kid()).isEqualTo(ca.accountUrl().toString());
    }

    @Test
    void validityIsRequestedAsRfc3339Timestamps() throws Exception {
        NewOrder request = NewOrder.builder().dns("example.org")
                .notBefore(Instant.parse("2016-01-01T00:04:00Z"))
                .notAfter(Instant.parse("2016-01-08T00:04:00.250Z"))
                .build();

        assertThat(newOrderPayload(request))
                .containsEntry("notBefore", "2016-01-01T00:04:00Z")
                .containsEntry("notAfter", "2016-01-08T00:04:00.250Z");
    }

    @Test
    void aProfileTheCaListsIsSent() throws Exception {
        ca.directory(d -> d.with("meta.profiles", Map.of("classic", "default", "shortlived", "6 days")));

        assertThat(newOrderPayload(NewOrder.builder().dns("example.org").profile("shortlived").build()))
                .containsEntry("profile", "shortlived");
    }

    static Stream<Arguments> directoriesWithoutTheProfile() {
        return Stream.of(
                Arguments.of("no profiles at all", (UnaryOperator<JsonDoc>) d -> d),
                Arguments.of("other profiles", (UnaryOperator<JsonDoc>) d -> d.with("meta.profiles", Map.of("classic", ""))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directoriesWithoutTheProfile")
    void aProfileTheCaDoesNotListIsRefusedBeforeAnyRequest(String name, UnaryOperator<JsonDoc> directory) {
        ca.directory(directory).enqueueDirectoryAndNonce();

        assertThatThrownBy(() -> session.newOrder(NewOrder.builder().dns("example.org").profile("shortlived").build()))
                .isInstanceOf(NotSupportedByServerException.class)
                .hasMessageContaining("shortlived");
        assertThat(ca.requestCount()).as("only the directory was fetched").isOne();
    }

    @Test
    void replacesIsSentToACaThatOffersRenewalInfo() throws Exception {
        ca.withRenewalInfo();

        assertThat(newOrderPayload(NewOrder.builder().dns("example.org").replaces(OLD_CERTIFICATE).build()))
                .containsEntry("replaces", OLD_CERTIFICATE.value());
    }

    @Test
    void replacesIsLeftOutForACaWithoutRenewalInfo() throws Exception {
        assertThat(newOrderPayload(NewOrder.builder().dns("example.org").replaces(OLD_CERTIFICATE).build()))
                .containsOnlyKeys("identifiers");
    }

    @Test
    void aNewOrderAnswerWithoutLocationIsAProtocolError() {
        ca.enqueueDirectoryAndNonce().enqueueJson(201, ca.fixture("order-pending.json"));

        assertThatThrownBy(() -> session.newOrder(NewOrder.builder().dns("example.org").build()))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("Location")
                .hasMessageContaining("POST " + ca.url(MockCa.NEW_ORDER) + " -> HTTP 201");
    }

    @Test
    void anOrderForOtherIdentifiersThanRequestedIsAProtocolErrorNamingBothSets() {
        // The fixture's order is for www.example.org and example.org.
        ca.enqueueDirectoryAndNonce().enqueueJson(201, ca.fixture("order-pending.json"), "Location",
                ca.url(MockCa.ORDER).toString());

        assertThatThrownBy(() -> session.newOrder(NewOrder.builder().dns("example.org", "api.example.org").build()))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("[dns:www.example.org, dns:example.org]")
                .hasMessageContaining("[dns:example.org, dns:api.example.org]")
                .hasMessageContaining("missing [dns:api.example.org]; unexpected [dns:www.example.org]");
    }

    @Test
    void anOrderWithMoreAuthorizationsThanIdentifiersIsAProtocolError() {
        JsonDoc order = ca.fixture("order-pending.json").with("authorizations", List.of(
                ca.url("/acme/authz/1").toString(), ca.url("/acme/authz/2").toString(),
                ca.url("/acme/authz/3").toString()));
        ca.enqueueDirectoryAndNonce().enqueueJson(201, order, "Location", ca.url(MockCa.ORDER).toString());

        assertThatThrownBy(() -> session.newOrder(NewOrder.builder().dns("www.example.org", "example.org").build()))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("3 authorizations for 2 identifiers");
    }

    @Test
    void finalizeSendsTheCsrAsBase64UrlDerAndUsesTheAnswer() throws Exception {
        Order ready = fetchRfcOrder("order-pending.json", d -> d.with("status", "ready"));
        Csr csr = Csr.of(KeyType.EC_P256.generate(), ready.identifiers());
        ca.enqueueJson(200, ca.fixture("order-valid.json"), "Location", ca.url(MockCa.ORDER).toString());
        int before = ca.requestCount();

        Order finalized = session.finalize(ready, csr);

        assertThat(finalized.status()).isEqualTo(Status.VALID);
        assertThat(finalized.url()).isEqualTo(ca.url(MockCa.ORDER));
        assertThat(finalized.certificate()).contains(Link.certificate(ca.url(MockCa.CERTIFICATE)));
        assertThat(ca.requestCount()).as("no fetch after a valid finalize answer").isEqualTo(before + 1);
        assertThat(takeSigned(MockCa.FINALIZE).payloadJson())
                .isEqualTo(Map.of("csr", Base64.getUrlEncoder().withoutPadding().encodeToString(csr.der())));
    }

    @Test
    void aCsrForOtherNamesIsRefusedWithoutARequest() throws Exception {
        Order ready = fetchRfcOrder("order-pending.json", d -> d.with("status", "ready"));
        Csr csr = Csr.of(KeyType.EC_P256.generate(), List.of(Identifier.dns("www.example.org")));
        int before = ca.requestCount();

        assertThatThrownBy(() -> session.finalize(ready, csr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("example.org");
        assertThat(ca.requestCount()).isEqualTo(before);
    }

    @Test
    void finalizingAnOrderThatIsNotReadyIsReported() throws Exception {
        Order pending = fetchRfcOrder("order-pending.json", d -> d);
        ca.enqueueProblem(403, "orderNotReady", "Order's status (\"pending\") is not acceptable for finalization");

        assertThatThrownBy(() -> session.finalize(pending, Csr.of(TestKeys.DOMAIN, pending.identifiers())))
                .isInstanceOf(OrderNotReadyException.class)
                .hasMessageContaining("POST " + ca.url(MockCa.FINALIZE) + " -> HTTP 403");
    }
}
