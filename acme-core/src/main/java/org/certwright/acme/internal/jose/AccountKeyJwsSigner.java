package org.certwright.acme.internal.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.util.Set;
import org.certwright.acme.crypto.AccountKey;

/**
 * Lets Nimbus sign with an {@link AccountKey}, which may live in an HSM or a KMS: the key produces
 * the JWS signature bytes itself.
 */
final class AccountKeyJwsSigner implements JWSSigner {

    private final AccountKey key;
    private final JCAContext context = new JCAContext();

    AccountKeyJwsSigner(AccountKey key) {
        this.key = key;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        try {
            return Base64URL.encode(key.sign(signingInput));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("the account key failed to sign: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.parse(key.algorithm()));
    }

    @Override
    public JCAContext getJCAContext() {
        return context;
    }
}
