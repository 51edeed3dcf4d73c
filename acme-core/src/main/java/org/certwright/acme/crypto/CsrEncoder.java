package org.certwright.acme.crypto;

import java.io.IOException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.certwright.acme.Identifier;

/** Builds the DER of a PKCS#10 request for ACME finalization (RFC 8555 §7.4). */
final class CsrEncoder {

    /** The upper bound of the X.520 commonName attribute (RFC 5280 ub-common-name). */
    static final int MAX_COMMON_NAME = 64;

    private CsrEncoder() {
    }

    /**
     * @throws IllegalArgumentException    if there are no identifiers or one is neither dns nor ip
     * @throws InvalidKeyMaterialException if the key type is unsupported or the pair mismatched
     */
    static byte[] encode(KeyPair domainKey, Collection<Identifier> identifiers) {
        Objects.requireNonNull(domainKey, "domainKey");
        Objects.requireNonNull(identifiers, "identifiers");
        // Duplicates would only make the CA reject the order; the first occurrence keeps its place.
        List<Identifier> names = new ArrayList<>(new LinkedHashSet<>(identifiers));
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a CSR needs at least one identifier");
        }
        for (Identifier identifier : names) {
            Objects.requireNonNull(identifier, "identifiers contains null");
            if (!identifier.isDns() && !identifier.isIp()) {
                throw new IllegalArgumentException("identifier type '" + identifier.type()
                        + "' cannot go into a CSR; only dns and ip can: " + identifier);
            }
        }
        // A private key that does not match shows when Csr.of checks the self-signature.
        KeyType type = KeyType.of(domainKey.getPublic());

        Optional<String> commonName = names.stream().filter(Identifier::isDns).map(Identifier::value).findFirst()
                .filter(name -> name.length() <= MAX_COMMON_NAME);
        X500Name subject = commonName
                .map(name -> new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build())
                .orElseGet(() -> new X500Name(new RDN[0]));
        try {
            // RFC 5280 §4.2.1.6: with an empty subject, the SAN is the only name and must be critical.
            Extension san = new Extension(Extension.subjectAlternativeName, commonName.isEmpty(),
                    new DEROctetString(generalNames(names)));
            ContentSigner signer = new JcaContentSignerBuilder(type.csrSignatureAlgorithm()).build(domainKey.getPrivate());
            return new JcaPKCS10CertificationRequestBuilder(subject, domainKey.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new Extensions(san))
                    .build(signer)
                    .getEncoded();
        } catch (OperatorCreationException e) {
            throw new InvalidKeyMaterialException("cannot sign a CSR with " + type.csrSignatureAlgorithm()
                    + ": " + DerInput.reason(e), e);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding into memory failed", e);
        }
    }

    private static GeneralNames generalNames(List<Identifier> identifiers) {
        GeneralName[] names = identifiers.stream()
                .map(id -> id.isDns()
                        ? new GeneralName(GeneralName.dNSName, id.value())
                        : new GeneralName(GeneralName.iPAddress, new DEROctetString(id.inetAddress().getAddress())))
                .toArray(GeneralName[]::new);
        return new GeneralNames(names);
    }
}
