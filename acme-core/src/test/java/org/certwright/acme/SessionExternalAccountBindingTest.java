package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// RFC 8555 §7.3.4: the externalAccountBinding is a JWS over the account JWK, MACed with the CA's key.
class SessionExternalAccountBindingTest extends MockCaTest {

    private static final String KEY_ID = "kid-7c2f8a";
    // A 16-byte key: shorter than the hash, as some CAs hand out, still accepted.
    private static final byte[] MAC_KEY = "sixteen byte key".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void theBindingIsAMacedJwsOverTheAccountKey(String algorithm) throws Exception {
        ExternalAccountBinding binding = ExternalAccountBinding.of(KEY_ID,
                Base64.getUrlEncoder().withoutPadding().encodeToString(MAC_KEY), algorithm);
        ca.directory(d -> d.with("meta.externalAccountRequired", true))
                .enqueueDirectoryAndNonce()
                .enqueueJson(201, ca.fixture("account.json"), "Location", ca.accountUrl().toString());

        sessionWithoutAccountUrl().register(NewRegistration.builder()
                .contact("mailto:cert-admin@example.org").agreeToTermsOfService().externalAccountBinding(binding).build());

        ca.takeDirectoryAndNonce();
        SignedRequest request = takeSigned(MockCa.NEW_ACCOUNT);
        assertThat(request.payloadJson()).containsOnlyKeys("contact", "termsOfServiceAgreed", "externalAccountBinding");
        Jws eab = Jws.decode(request.jws().payloadObject("externalAccountBinding"));
        // No nonce in the binding, and the url is the outer JWS's.
        assertThat(eab.protectedHeader()).isEqualTo(Map.of("alg", algorithm, "kid", KEY_ID,
                "url", ca.url(MockCa.NEW_ACCOUNT).toString()));
        assertThat(eab.payloadJson()).isEqualTo(Jws.expectedJwk(TestKeys.ACCOUNT.getPublic()));
        assertThat(eab.payloadJson()).isEqualTo(request.jws().jwk());
        eab.verifyMac(MAC_KEY);
    }
}
