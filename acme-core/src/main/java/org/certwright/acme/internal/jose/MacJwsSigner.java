package org.certwright.acme.internal.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.certwright.acme.ExternalAccountBinding;

/**
 * HMAC signing of the external account binding with the JDK's {@link Mac}. Nimbus' own
 * {@code MACSigner} refuses keys shorter than the hash, but the key length is the CA's choice,
 * not ours, so any non-empty key is accepted here.
 */
final class MacJwsSigner implements JWSSigner {

    private final ExternalAccountBinding binding;
    private final JCAContext context = new JCAContext();

    MacJwsSigner(ExternalAccountBinding binding) {
        this.binding = binding;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        String jdkName = "Hmac" + binding.algorithm().replace("HS", "SHA");
        try {
            Mac mac = Mac.getInstance(jdkName);
            mac.init(new SecretKeySpec(binding.macKey(), jdkName));
            return Base64URL.encode(mac.doFinal(signingInput));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("MAC signing failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
    }

    @Override
    public JCAContext getJCAContext() {
        return context;
    }
}
