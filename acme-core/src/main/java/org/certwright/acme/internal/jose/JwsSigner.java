package org.certwright.acme.internal.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.certwright.acme.ExternalAccountBinding;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.problem.AcmeException;

/**
 * Builds the JWS objects ACME needs (RFC 8555 §6.2) with Nimbus JOSE+JWT, in flattened JSON
 * serialization: the request bodies signed by an account or certificate key, the inner JWS of a
 * key rollover, and the MAC-signed external account binding.
 *
 * <p>The protected header always carries {@code alg} and {@code url}, a {@code nonce} when one is
 * given, and exactly one of {@code kid} (an account URL) or {@code jwk} (the public key). The
 * 2015 draft dialect's requests are the exception: {@link #signDraft} puts {@code alg} and
 * {@code jwk} in the header and nothing else.
 */
public final class JwsSigner {

    private JwsSigner() {
    }

    /** Who signs a request: an account by its URL, or a key that presents itself as a JWK. */
    public sealed interface Identity permits KeyId, EmbeddedJwk {
        /** The signing key. */
        AccountKey key();
    }

    /** Signed by an account, named by its URL in {@code kid}. */
    public record KeyId(AccountKey key, URI accountUrl) implements Identity {
    }

    /** Signed by a key that carries its public part in {@code jwk} (new accounts, revocation by certificate key). */
    public record EmbeddedJwk(AccountKey key) implements Identity {
    }

    /**
     * A flattened JWS as a JSON-ready map ({@code protected}, {@code payload}, {@code signature}).
     *
     * @param payload the payload bytes; empty for POST-as-GET
     * @param nonce   the anti-replay nonce; empty for the inner JWS objects, which have none
     */
    public static Map<String, Object> sign(Identity identity, byte[] payload, URI url, Optional<String> nonce)
            throws AcmeException {
        AccountKey key = identity.key();
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.parse(key.algorithm()))
                .customParam("url", url.toString());
        nonce.ifPresent(n -> header.customParam("nonce", n));
        if (identity instanceof KeyId kid) {
            header.keyID(kid.accountUrl().toString());
        } else {
            header.jwk(Jwks.toJwk(key.publicKey()));
        }
        return flatten(header.build(), payload, new AccountKeyJwsSigner(key));
    }

    /**
     * A flattened JWS for the draft-barnes-acme dialect: the protected header holds exactly
     * {@code alg} and {@code jwk}, the profile the draft defines. There is no {@code nonce}, no
     * {@code url} and no {@code kid}, so nothing binds the request to one server or one moment.
     *
     * @param key     the signing key, which the header presents as its JWK
     * @param payload the payload bytes
     */
    public static Map<String, Object> signDraft(AccountKey key, byte[] payload) throws AcmeException {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(key.algorithm()))
                .jwk(Jwks.toJwk(key.publicKey()))
                .build();
        return flatten(header, payload, new AccountKeyJwsSigner(key));
    }

    /**
     * The {@code externalAccountBinding} member of a new-account request (RFC 8555 §7.3.4): the
     * account's public JWK, MAC-signed with the CA-issued key, with {@code kid} the CA's key id and
     * no nonce.
     */
    public static Map<String, Object> externalAccountBinding(ExternalAccountBinding binding, AccountKey accountKey,
                                                             URI newAccountUrl) throws AcmeException {
        JWK jwk = Jwks.toJwk(accountKey.publicKey());
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(binding.algorithm()))
                .keyID(binding.keyId())
                .customParam("url", newAccountUrl.toString())
                .build();
        byte[] payload = jwk.toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return flatten(header, payload, new MacJwsSigner(binding));
    }

    private static Map<String, Object> flatten(JWSHeader header, byte[] payload, com.nimbusds.jose.JWSSigner signer)
            throws AcmeException {
        JWSObject jws = new JWSObject(header, new Payload(payload));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new AcmeException("signing the request failed: " + e.getMessage(), e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protected", jws.getHeader().toBase64URL().toString());
        out.put("payload", jws.getPayload().toBase64URL().toString());
        out.put("signature", jws.getSignature().toString());
        return out;
    }
}
