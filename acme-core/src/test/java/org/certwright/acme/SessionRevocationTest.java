package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.certwright.acme.problem.AlreadyRevokedException;
import org.junit.jupiter.api.Test;

// RFC 8555 §7.6: revocation, signed by the account (kid) or by the certificate's own key (jwk).
class SessionRevocationTest extends MockCaTest {

    private static final X509Certificate LEAF = TestPki.shared().leaf(TestKeys.DOMAIN.getPublic(),
            List.of(Identifier.dns("example.org")));

    private static String der() throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(LEAF.getEncoded());
    }

    @Test
    void revocationByTheAccountIsKidSigned() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueEmpty(200);

        session.revoke(LEAF, RevocationReason.SUPERSEDED);

        ca.takeDirectoryAndNonce();
        SignedRequest request = takeSigned(MockCa.REVOKE_CERT);
        assertThat(request.protectedHeader()).containsOnlyKeys("alg", "kid", "nonce", "url")
                .containsEntry("kid", ca.accountUrl().toString());
        assertThat(request.payloadJson()).isEqualTo(Map.of("certificate", der(), "reason", 4));
    }

    @Test
    void revocationByTheCertificateKeyCarriesThatKeyAndNeedsNoAccount() throws Exception {
        Session noAccount = sessionWithoutAccountUrl();
        ca.enqueueDirectoryAndNonce().enqueueEmpty(200);

        noAccount.revoke(LEAF, RevocationReason.KEY_COMPROMISE, TestKeys.DOMAIN);

        ca.takeDirectoryAndNonce();
        SignedRequest request = ca.takeSigned(MockCa.REVOKE_CERT, TestKeys.DOMAIN.getPublic());
        assertThat(request.protectedHeader()).containsOnlyKeys("alg", "jwk", "nonce", "url")
                .containsEntry("jwk", Jws.expectedJwk(TestKeys.DOMAIN.getPublic()));
        assertThat(request.payloadJson()).isEqualTo(Map.of("certificate", der(), "reason", 1));
        assertThat(ca.requestCount()).as("no account lookup").isEqualTo(3);
    }

    @Test
    void anAlreadyRevokedCertificateIsReported() {
        ca.enqueueDirectoryAndNonce().enqueueProblem(400, "alreadyRevoked", "Certificate already revoked");

        assertThatThrownBy(() -> session.revoke(LEAF, RevocationReason.UNSPECIFIED))
                .isInstanceOf(AlreadyRevokedException.class)
                .hasMessageContaining("Certificate already revoked")
                .hasMessageContaining("POST " + ca.url(MockCa.REVOKE_CERT) + " -> HTTP 400");
    }
}
