package org.certwright.acme.internal.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.impl.HMAC;
import com.nimbusds.jose.crypto.impl.MACProvider;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;
import org.certwright.acme.ExternalAccountBinding;

/**
 * HMAC signing of the external account binding with Nimbus' {@link HMAC} helper. Nimbus' own
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
        return Base64URL.encode(HMAC.compute(jdkName, binding.macKey(), signingInput, null));
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return MACProvider.SUPPORTED_ALGORITHMS;
    }

    @Override
    public JCAContext getJCAContext() {
        return context;
    }
}
