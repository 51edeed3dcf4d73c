package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.problem.AccountKeyInUseException;
import org.certwright.acme.problem.NotSupportedByServerException;
import org.certwright.acme.problem.ProblemException;
import org.junit.jupiter.api.Test;

// RFC 8555 §7.3.5: key rollover, an inner JWS by the new key inside an outer JWS by the old one.
class SessionKeyRolloverTest extends MockCaTest {

    private final AccountKey newKey = AccountKey.of(TestKeys.NEW_ACCOUNT);

    @Test
    void aKeyChangeAnsweredWith501IsNotSupportedWhateverTheProblemType() {
        // step-ca lists keyChange in its directory but answers 501 with rejectedIdentifier.
        ca.enqueueDirectoryAndNonce().enqueueProblem(501, "rejectedIdentifier", "not implemented");

        assertThatThrownBy(() -> session.changeAccountKey(newKey))
                .isInstanceOfSatisfying(NotSupportedByServerException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(501);
                    assertThat(e.getCause()).isInstanceOf(ProblemException.class);
                })
                .hasMessageContaining("does not implement")
                .hasMessageContaining("not implemented");
    }

    @Test
    void theOldKeySignsAnInnerJwsByTheNewKey() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("account.json"));

        session.changeAccountKey(newKey);

        ca.takeDirectoryAndNonce();
        SignedRequest outer = takeSigned(MockCa.KEY_CHANGE);
        String keyChangeUrl = ca.url(MockCa.KEY_CHANGE).toString();
        assertThat(outer.protectedHeader()).containsOnlyKeys("alg", "kid", "nonce", "url")
                .containsEntry("kid", ca.accountUrl().toString())
                .containsEntry("url", keyChangeUrl);
        Jws inner = Jws.verified(outer.payloadJson(), TestKeys.NEW_ACCOUNT.getPublic());
        assertThat(inner.protectedHeader()).isEqualTo(Map.of("alg", "ES256",
                "jwk", Jws.expectedJwk(TestKeys.NEW_ACCOUNT.getPublic()), "url", keyChangeUrl));
        assertThat(inner.payloadJson()).isEqualTo(Map.of("account", ca.accountUrl().toString(),
                "oldKey", Jws.expectedJwk(TestKeys.ACCOUNT.getPublic())));
    }

    @Test
    void afterTheRolloverRequestsAreSignedWithTheNewKey() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("account.json")).enqueueJson(200, ca.fixture("account.json"));

        Registration account = session.changeAccountKey(newKey);
        session.fetchRegistration();

        assertThat(account.url()).isEqualTo(ca.accountUrl());
        assertThat(session.accountKey()).isSameAs(newKey);
        ca.takeDirectoryAndNonce();
        takeSigned(MockCa.KEY_CHANGE);
        SignedRequest next = ca.takeSigned(MockCa.ACCOUNT, TestKeys.NEW_ACCOUNT.getPublic());
        assertThat(next.jws().kid()).isEqualTo(ca.accountUrl().toString());
    }

    @Test
    void anAnswerWithoutTheAccountIsFollowedByAFetchWithTheNewKey() throws Exception {
        ca.enqueueDirectoryAndNonce()
                .enqueueEmpty(200)
                .enqueueJson(200, ca.fixture("account.json"));

        assertThat(session.changeAccountKey(newKey).status()).isEqualTo(Status.VALID);

        ca.takeDirectoryAndNonce();
        takeSigned(MockCa.KEY_CHANGE);
        assertThat(ca.takeSigned(MockCa.ACCOUNT, TestKeys.NEW_ACCOUNT.getPublic()).jws().encodedPayload()).isEmpty();
    }

    @Test
    void aKeyAlreadyInUseNamesTheAccountThatHasIt() throws Exception {
        String other = ca.url("/acme/acct/someoneElse").toString();
        ca.enqueueDirectoryAndNonce()
                .enqueueProblem(409, "malformed", "New key is already in use for a different account", "Location", other)
                .enqueueJson(200, ca.fixture("account.json"));

        assertThatThrownBy(() -> session.changeAccountKey(newKey))
                .isInstanceOfSatisfying(AccountKeyInUseException.class,
                        e -> assertThat(e.existingAccount()).contains(URI.create(other)))
                .hasMessageContaining("POST " + ca.url(MockCa.KEY_CHANGE) + " -> HTTP 409");

        session.fetchRegistration();
        assertThat(session.accountKey().publicKey()).isEqualTo(TestKeys.ACCOUNT.getPublic());
        ca.takeDirectoryAndNonce();
        takeSigned(MockCa.KEY_CHANGE);
        takeSigned(MockCa.ACCOUNT);
    }
}
