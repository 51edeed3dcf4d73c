package org.certwright.acme.draft;

import org.certwright.acme.Session;

import org.certwright.acme.Dialect;

import mockwebserver3.MockWebServer;

import java.net.URI;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certwright.acme.crypto.KeyType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The draft-barnes-acme wire as a test sees it: the JWS a request carries, checked as a draft
 * server would (a flattened JWS whose header names {@code alg} and {@code jwk} and whose signature
 * verifies with that JWK), and the responses of the draft's examples.
 */
final class DraftWire {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private DraftWire() {
    }

    /** A request body: the protected header and the payload, after checking the signature. */
    record Signed(Map<String, Object> header, Map<String, Object> payload, JWK jwk) {
    }

    /** Reads a POST's flattened JWS and verifies its signature with the JWK in its header. */
    @SuppressWarnings("unchecked")
    static Signed signed(RecordedRequest request) throws Exception {
        Map<String, Object> jws = JSON.readValue(request.getBody().utf8(), Map.class);
        if (!jws.keySet().equals(java.util.Set.of("protected", "payload", "signature"))) {
            throw new AssertionError("not a flattened JWS: " + jws.keySet());
        }
        JWSObject object = new JWSObject(new Base64URL((String) jws.get("protected")),
                new Base64URL((String) jws.get("payload")), new Base64URL((String) jws.get("signature")));
        JWK jwk = object.getHeader().getJWK();
        if (jwk == null) {
            throw new AssertionError("no jwk in the header");
        }
        PublicKey key = jwk.getKeyType().getValue().equals("EC") ? jwk.toECKey().toPublicKey()
                : jwk.toRSAKey().toPublicKey();
        if (!object.verify(new DefaultJWSVerifierFactory().createJWSVerifier(object.getHeader(), key))) {
            throw new AssertionError("the signature does not verify with the header's jwk");
        }
        Map<String, Object> header = JSON.readValue(new Base64URL((String) jws.get("protected")).decodeToString(),
                Map.class);
        Map<String, Object> payload = JSON.readValue(object.getPayload().toString(), Map.class);
        return new Signed(header, payload, jwk);
    }

    /** A draft-dialect session whose new-reg URL is {@code <server>/acme/new-reg}. */
    static Session session(MockWebServer server, KeyPair account) {
        return Session.builder(URI.create(server.url("/").toString() + "acme/new-reg"), account)
                .dialect(Dialect.DRAFT_BARNES_ACME)
                .allowInsecureHttpOnLoopback()
                .build();
    }

    static MockResponse json(int code, String body, String... headers) {
        MockResponse.Builder b = new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json");
        for (String h : headers) {
            b.addHeader(h);
        }
        return b.body(body).build();
    }

    static MockResponse problem(int code, String type, String detail) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/problem+json")
                .body("{\"type\":\"" + type + "\",\"detail\":\"" + detail + "\"}").build();
    }

    static MockResponse der(int code, X509Certificate certificate, String... headers) throws Exception {
        MockResponse.Builder b = new MockResponse.Builder().code(code)
                .addHeader("Content-Type", "application/pkix-cert");
        for (String h : headers) {
            b.addHeader(h);
        }
        return b.body(new Buffer().write(certificate.getEncoded())).build();
    }

    /** A CA certificate. */
    static X509Certificate caCertificate(KeyPair ca) throws Exception {
        X500Name name = new X500Name("CN=Draft Test CA");
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(1),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                ca.getPublic()).addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        return sign(b, ca);
    }

    /** A leaf for the names, with the key, issued by the CA certificate. */
    static X509Certificate leaf(PublicKey key, List<String> names, X509Certificate caCert, KeyPair ca)
            throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, BigInteger.valueOf(System.nanoTime()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))),
                new X500Name("CN=" + names.get(0)), key)
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream()
                        .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
        return sign(b, ca);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair ca) throws Exception {
        String algorithm = KeyType.of(ca.getPublic()).csrSignatureAlgorithm();
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(algorithm).build(ca.getPrivate())));
    }
}
