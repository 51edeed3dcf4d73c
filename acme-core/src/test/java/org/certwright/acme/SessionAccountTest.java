package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.NotSupportedByServerException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// RFC 8555 §7.3: accounts, found and created with a jwk-signed newAccount, used through kid.
class SessionAccountTest extends MockCaTest {

    private static final NewRegistration RFC_REGISTRATION = NewRegistration.builder()
            .contact("mailto:cert-admin@example.org")
            .contact("mailto:admin@example.org")
            .agreeToTermsOfService()
            .build();

    private Session unregistered;

    @BeforeEach
    void aSessionThatDoesNotKnowItsAccount() {
        unregistered = sessionWithoutAccountUrl();
    }

    private SignedRequest takeNewAccount() {
        return takeSigned(MockCa.NEW_ACCOUNT);
    }

    private MockCa enqueueAccountCreated() {
        return ca.enqueueJson(201, ca.fixture("account.json"), "Location", ca.accountUrl().toString());
    }

    @Test
    void newAccountIsSignedWithTheJwkAndCarriesContactsAndAgreement() throws Exception {
        ca.enqueueDirectoryAndNonce();
        String nonce = ca.lastNonce();
        enqueueAccountCreated();

        unregistered.register(RFC_REGISTRATION);

        ca.takeDirectoryAndNonce();
        SignedRequest request = takeNewAccount();
        assertThat(request.protectedHeader()).containsOnlyKeys("alg", "jwk", "nonce", "url");
        assertThat(request.protectedHeader()).containsEntry("alg", "ES256")
                .containsEntry("jwk", Jws.expectedJwk(TestKeys.ACCOUNT.getPublic()))
                .containsEntry("nonce", nonce)
                .containsEntry("url", ca.url(MockCa.NEW_ACCOUNT).toString());
        assertThat(request.payloadJson()).isEqualTo(Map.of(
                "contact", List.of("mailto:cert-admin@example.org", "mailto:admin@example.org"),
                "termsOfServiceAgreed", true));
    }

    @Test
    void aCreatedAccountIsKnownByItsLocation() throws Exception {
        ca.enqueueDirectoryAndNonce();
        enqueueAccountCreated();

        Registration account = unregistered.register(RFC_REGISTRATION);

        assertThat(account.url()).isEqualTo(ca.accountUrl());
        assertThat(account.status()).isEqualTo(Status.VALID);
        assertThat(account.contacts()).containsExactly(URI.create("mailto:cert-admin@example.org"),
                URI.create("mailto:admin@example.org"));
        assertThat(account.orders()).contains(Link.orderList(ca.url(MockCa.ORDERS)));
        assertThat(unregistered.accountUrl()).contains(ca.accountUrl());
    }

    @Test
    void anExistingAccountAnsweredWith200IsReturnedAsIs() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueJson(200,
                ca.fixture("account.json").with("termsOfServiceAgreed", true).with("createdAt", "2026-01-01T00:00:00Z"),
                "Location", ca.accountUrl().toString(),
                "Link", "<" + ca.url("/acme/terms/2017-5-30") + ">;rel=\"terms-of-service\"");

        Registration account = unregistered.register(RFC_REGISTRATION);

        assertThat(account.url()).isEqualTo(ca.accountUrl());
        assertThat(account.termsOfServiceAgreed()).contains(true);
        assertThat(account.termsOfService()).contains(ca.url("/acme/terms/2017-5-30"));
        assertThat(account.otherFields()).containsOnly(Map.entry("createdAt", "2026-01-01T00:00:00Z"));
        assertThat(DraftFields.agreement(account)).isEmpty();
        assertThat(DraftFields.recoveryToken(account)).isEmpty();
    }

    @Test
    void aNewAccountAnswerWithoutLocationIsAProtocolError() {
        ca.enqueueDirectoryAndNonce().enqueueJson(201, ca.fixture("account.json"));

        assertThatThrownBy(() -> unregistered.register(RFC_REGISTRATION))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("Location")
                .hasMessageContaining("POST " + ca.url(MockCa.NEW_ACCOUNT) + " -> HTTP 201");
        assertThat(unregistered.accountUrl()).isEmpty();
    }

    @Test
    void findRegistrationAsksOnlyForAnExistingAccount() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("account.json"), "Location", ca.accountUrl().toString());

        assertThat(unregistered.findRegistration()).map(Registration::url).contains(ca.accountUrl());

        ca.takeDirectoryAndNonce();
        assertThat(takeNewAccount().payloadJson()).isEqualTo(Map.of("onlyReturnExisting", true));
    }

    @Test
    void findRegistrationIsEmptyWhenTheKeyHasNoAccount() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueProblem(400, "accountDoesNotExist", "No account exists with the provided key");

        assertThat(unregistered.findRegistration()).isEmpty();
        assertThat(unregistered.accountUrl()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"EC_P256, ES256", "EC_P384, ES384", "EC_P521, ES512", "RSA_2048, RS256", "ED25519, EdDSA"})
    void everyAccountKeyTypeProducesAVerifiableSignature(KeyType type, String alg) throws Exception {
        KeyPair key = TestKeys.of(type);
        ca.enqueueDirectoryAndNonce().enqueueJson(201, ca.fixture("account.json"), "Location", ca.accountUrl().toString());

        ca.sessionBuilder(key).build().register(RFC_REGISTRATION);

        ca.takeDirectoryAndNonce();
        SignedRequest request = ca.takeSigned(MockCa.NEW_ACCOUNT, key.getPublic());
        assertThat(request.jws().alg()).isEqualTo(alg);
        assertThat(request.jws().jwk()).isEqualTo(Jws.expectedJwk(key.getPublic()));
    }

    @Test
    void afterRegisteringRequestsAreKidSignedPostAsGetWithAnEmptyPayload() throws Exception {
        ca.enqueueDirectoryAndNonce();
        enqueueAccountCreated().enqueueJson(200, ca.fixture("account.json"));

        unregistered.register(RFC_REGISTRATION);
        Registration fetched = unregistered.fetchRegistration();

        ca.takeDirectoryAndNonce();
        takeNewAccount();
        SignedRequest postAsGet = takeSigned(MockCa.ACCOUNT);
        assertThat(postAsGet.protectedHeader()).containsOnlyKeys("alg", "kid", "nonce", "url")
                .containsEntry("kid", ca.accountUrl().toString())
                .containsEntry("url", ca.accountUrl().toString());
        // §6.3: the payload of a POST-as-GET is the empty string, not "{}".
        assertThat(postAsGet.jws().encodedPayload()).isEmpty();
        assertThat(fetched.url()).isEqualTo(ca.accountUrl());
    }

    @Test
    void aSessionGivenTheAccountUrlNeverLooksItUp() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("account.json"));

        session.fetchRegistration();

        ca.takeDirectoryAndNonce();
        takeSigned(MockCa.ACCOUNT);
        assertThat(ca.requestCount()).isEqualTo(3);
    }

    @Test
    void aSessionWithoutTheAccountUrlLooksItUpOnce() throws Exception {
        ca.enqueueDirectoryAndNonce()
                .enqueueJson(200, ca.fixture("account.json"), "Location", ca.accountUrl().toString())
                .enqueueJson(200, ca.fixture("account.json"))
                .enqueueJson(200, ca.fixture("order-pending.json"));

        unregistered.fetchRegistration();
        unregistered.fetch(Link.order(ca.url(MockCa.ORDER)));

        ca.takeDirectoryAndNonce();
        assertThat(takeNewAccount().payloadJson()).isEqualTo(Map.of("onlyReturnExisting", true));
        assertThat(takeSigned(MockCa.ACCOUNT).jws().kid()).isEqualTo(ca.accountUrl().toString());
        assertThat(takeSigned(MockCa.ORDER).jws().kid()).isEqualTo(ca.accountUrl().toString());
    }

    @Test
    void aKidSignedRequestFailsClearlyWhenTheKeyHasNoAccount() {
        ca.enqueueDirectoryAndNonce().enqueueProblem(400, "accountDoesNotExist", "No account exists with the provided key");

        assertThatThrownBy(() -> unregistered.fetchRegistration())
                .isExactlyInstanceOf(AcmeException.class)
                .hasMessageContaining("register one first");
        assertThat(ca.requestCount()).isEqualTo(3);
    }

    @Test
    void updateContactsSendsOnlyTheNewContacts() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueJson(200,
                ca.fixture("account.json").with("contact", List.of("mailto:new@example.org")));

        Registration updated = session.updateContacts(List.of(URI.create("mailto:new@example.org")));

        assertThat(updated.contacts()).containsExactly(URI.create("mailto:new@example.org"));
        ca.takeDirectoryAndNonce();
        assertThat(takeSigned(MockCa.ACCOUNT).payloadJson())
                .isEqualTo(Map.of("contact", List.of("mailto:new@example.org")));
    }

    @Test
    void deactivationPostsTheDeactivatedStatus() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("account.json").with("status", "deactivated"));

        assertThat(session.deactivateRegistration().status()).isEqualTo(Status.DEACTIVATED);

        ca.takeDirectoryAndNonce();
        assertThat(takeSigned(MockCa.ACCOUNT).payloadJson()).isEqualTo(Map.of("status", "deactivated"));
    }

    @Test
    void theOrderListIsFollowedPageByPage() throws Exception {
        URI secondPage = ca.url(MockCa.ORDERS + "?cursor=2");
        ca.enqueueDirectoryAndNonce()
                .enqueueJson(200, ca.fixture("account.json"))
                .enqueueJson(200, ca.fixture("orders-page.json"), "Link", "<" + secondPage + ">;rel=\"next\"")
                .enqueueJson(200, Map.of("orders", List.of(ca.url("/acme/order/last").toString())));

        OrderList first = session.orders();
        OrderList second = session.fetch(first.next().orElseThrow());

        assertThat(first.orders()).hasSize(3).first().isEqualTo(Link.order(ca.url(MockCa.ORDER)));
        assertThat(first.next()).contains(Link.orderList(secondPage));
        assertThat(second.orders()).containsExactly(Link.order(ca.url("/acme/order/last")));
        assertThat(second.next()).isEmpty();
        ca.takeDirectoryAndNonce();
        takeSigned(MockCa.ACCOUNT);
        assertThat(takeSigned(MockCa.ORDERS).jws().encodedPayload()).isEmpty();
        SignedRequest page2 = takeSigned(MockCa.ORDERS);
        assertThat(page2.jws().url()).isEqualTo(secondPage.toString());
        assertThat(page2.jws().encodedPayload()).isEmpty();
    }

    @Test
    void aBareArrayOfOrderUrlsIsReadAsOnePage() throws Exception {
        // step-ca sends the account's orders as a bare JSON array instead of {"orders": [...]}.
        ca.enqueueDirectoryAndNonce()
                .enqueueJson(200, ca.fixture("account.json"))
                .enqueueJson(200, "[\"" + ca.url(MockCa.ORDER) + "\", \"" + ca.url("/acme/order/2") + "\"]");

        OrderList list = session.orders();

        assertThat(list.orders()).containsExactly(Link.order(ca.url(MockCa.ORDER)), Link.order(ca.url("/acme/order/2")));
        assertThat(list.next()).isEmpty();
    }

    @Test
    void anOrderListThatIsNeitherTheRfcsObjectNorAnArrayIsRefused() {
        ca.enqueueDirectoryAndNonce()
                .enqueueJson(200, ca.fixture("account.json"))
                .enqueueJson(200, "\"" + ca.url(MockCa.ORDER) + "\"");

        assertThatThrownBy(() -> session.orders()).isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("order list is not a JSON object");
    }

    @Test
    void anAccountWithoutAnOrdersUrlHasNoOrderList() {
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("account.json").without("orders"));

        assertThatThrownBy(() -> session.orders()).isInstanceOf(NotSupportedByServerException.class);
    }
}
