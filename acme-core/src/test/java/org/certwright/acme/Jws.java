package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A flattened JSON JWS (RFC 7515 §7.2.2) as ACME sends it (RFC 8555 §6.2): decoded, and checked
 * to have exactly the members {@code protected}, {@code payload} and {@code signature}.
 *
 * @param protectedHeader the decoded protected header
 * @param encodedPayload  the payload as sent, base64url; empty for POST-as-GET
 * @param payload         the decoded payload text
 * @param encodedHeader   the protected header as sent, base64url
 * @param signature       the signature as sent, base64url
 */
record Jws(Map<String, Object> protectedHeader, String encodedPayload, String payload, String encodedHeader,
           String signature) {

    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

    /** Decodes a flattened JWS without checking its signature. */
    static Jws decode(Map<String, Object> flattened) {
        assertThat(flattened).as("flattened JWS members").containsOnlyKeys("protected", "payload", "signature");
        String header = (String) flattened.get("protected");
        String payload = (String) flattened.get("payload");
        return new Jws(JsonDoc.toMap(text(header)), payload, text(payload), header, (String) flattened.get("signature"));
    }

    /** Decodes a flattened JWS and verifies its signature with {@code key}. */
    static Jws verified(Map<String, Object> flattened, PublicKey key) {
        Jws jws = decode(flattened);
        jws.verify(key);
        return jws;
    }

    /** Verifies the signature: with Nimbus for ECDSA and RSA, with the JDK for EdDSA. */
    void verify(PublicKey key) {
        try {
            if (key instanceof ECPublicKey || key instanceof RSAPublicKey) {
                JWSVerifier verifier = key instanceof ECPublicKey ec ? new ECDSAVerifier(ec)
                        : new RSASSAVerifier((RSAPublicKey) key);
                JWSObject parsed = JWSObject.parse(encodedHeader + "." + encodedPayload + "." + signature);
                assertThat(parsed.verify(verifier)).as("JWS signature verifies with the expected key").isTrue();
            } else {
                assertThat(alg()).isEqualTo("EdDSA");
                Signature ed = Signature.getInstance("Ed25519");
                ed.initVerify(key);
                ed.update(signingInput());
                assertThat(ed.verify(B64URL.decode(signature))).as("EdDSA signature verifies").isTrue();
            }
        } catch (Exception e) {
            throw new AssertionError("cannot verify the JWS signature: " + e, e);
        }
    }

    /** Checks a MAC (external account binding) by computing it here with the JDK. */
    void verifyMac(byte[] macKey) {
        String jdkName = "Hmac" + alg().replace("HS", "SHA");
        try {
            Mac mac = Mac.getInstance(jdkName);
            mac.init(new SecretKeySpec(macKey, jdkName));
            byte[] expected = mac.doFinal(signingInput());
            assertThat(MessageDigest.isEqual(expected, B64URL.decode(signature))).as("MAC verifies").isTrue();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    String alg() {
        return (String) protectedHeader.get("alg");
    }

    String nonce() {
        return (String) protectedHeader.get("nonce");
    }

    String url() {
        return (String) protectedHeader.get("url");
    }

    String kid() {
        return (String) protectedHeader.get("kid");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> jwk() {
        return (Map<String, Object>) protectedHeader.get("jwk");
    }

    /** The payload as a JSON object. */
    Map<String, Object> payloadJson() {
        return JsonDoc.toMap(payload);
    }

    /** A member of the payload that is itself a flattened JWS (key change, external account binding). */
    @SuppressWarnings("unchecked")
    Map<String, Object> payloadObject(String member) {
        return (Map<String, Object>) payloadJson().get(member);
    }

    private byte[] signingInput() {
        return (encodedHeader + "." + encodedPayload).getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(String base64url) {
        return new String(B64URL.decode(base64url), StandardCharsets.UTF_8);
    }

    /** The public JWK (RFC 7517) the client must send for a key, built independently of the library. */
    static Map<String, Object> expectedJwk(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build().toJSONObject();
        }
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build().toJSONObject();
        }
        // Ed25519: the X.509 encoding ends with the 32 raw key bytes (RFC 8410).
        byte[] encoded = key.getEncoded();
        byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        return Map.of("kty", "OKP", "crv", "Ed25519", "x", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    }
}
