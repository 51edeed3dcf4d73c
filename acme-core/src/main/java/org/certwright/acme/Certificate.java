package org.certwright.acme;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.certwright.acme.crypto.KeyStores;
import org.certwright.acme.internal.IdentifierSets;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.problem.CertificateMismatchException;

/**
 * An issued certificate with its chain (RFC 8555 §7.4.2), leaf first, and links to the alternate
 * chains the CA offers for the same leaf ({@code Link rel="alternate"}).
 *
 * @param url        the certificate URL
 * @param chain      the leaf followed by its issuers, as the CA sent them
 * @param alternates other chains for the same leaf
 */
public record Certificate(URI url, List<X509Certificate> chain, List<Link<Certificate>> alternates) {

    /** Creates a certificate; the chain must hold at least the leaf. */
    public Certificate {
        Objects.requireNonNull(url, "url");
        chain = List.copyOf(chain);
        alternates = List.copyOf(alternates);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
    }

    /** The end-entity certificate. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The issuer certificates, nearest first (the chain without the leaf). */
    public List<X509Certificate> issuers() {
        return chain.subList(1, chain.size());
    }

    /** The RFC 9773 identifier of the leaf, for {@code renewalInfo} and {@code replaces}. */
    public CertificateId id() {
        return CertificateId.of(leaf());
    }

    /**
     * The common name of the issuer at the top of the chain: the root the chain leads to, whether
     * or not the root itself is included. This is the name chain preferences are matched against.
     */
    public String topIssuerName() {
        return commonName(chain.get(chain.size() - 1).getIssuerX500Principal());
    }

    /**
     * Whether this chain leads to the named issuer: the top issuer's common name equals
     * {@code name} (case-insensitively), or, failing that, any issuer in the chain has that name.
     */
    public boolean leadsTo(String name) {
        if (topIssuerName().equalsIgnoreCase(name)) {
            return true;
        }
        return chain.stream().anyMatch(c -> commonName(c.getIssuerX500Principal()).equalsIgnoreCase(name));
    }

    /** The chain as PEM text, leaf first. */
    public String toPem() {
        return Pem.encodeCertificates(chain);
    }

    /** A PKCS#12 key store holding the chain with its private key under {@code alias}. */
    public KeyStore toKeyStore(PrivateKey key, String alias, char[] password) {
        return KeyStores.pkcs12(key, chain, alias, password);
    }

    /**
     * Checks that the certificate is what was asked for: the leaf's public key is {@code key}, it
     * names exactly {@code identifiers} (no more, no fewer), and each certificate in the chain is
     * signed by the next.
     *
     * @throws CertificateMismatchException naming the first difference found
     */
    public void verify(PublicKey key, Collection<Identifier> identifiers) throws CertificateMismatchException {
        X509Certificate leaf = leaf();
        if (!Arrays.equals(leaf.getPublicKey().getEncoded(), key.getEncoded())) {
            throw new CertificateMismatchException("the certificate's public key is not the key of the CSR", url);
        }
        Optional<String> difference = IdentifierSets.difference(identifiers, namedIdentifiers(leaf));
        if (difference.isPresent()) {
            throw new CertificateMismatchException("the certificate does not name exactly the ordered identifiers; "
                    + difference.get(), url);
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate child = chain.get(i);
            X509Certificate parent = chain.get(i + 1);
            try {
                child.verify(parent.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new CertificateMismatchException("chain certificate " + i + " ("
                        + child.getSubjectX500Principal().getName() + ") is not signed by the next one ("
                        + parent.getSubjectX500Principal().getName() + ")", url);
            }
        }
    }

    /** The identifiers in a certificate's subjectAltName extension (dNSName and iPAddress entries). */
    public static List<Identifier> namedIdentifiers(X509Certificate certificate) {
        List<Identifier> out = new ArrayList<>();
        Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (sans == null) {
            return List.of();
        }
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            Object value = san.get(1);
            if (type == 2 && value instanceof String dns) {
                out.add(Identifier.dns(dns));
            } else if (type == 7 && value instanceof String ip) {
                out.add(ipIdentifier(ip));
            }
        }
        return List.copyOf(out);
    }

    private static Identifier ipIdentifier(String text) {
        try {
            // The JDK renders iPAddress SANs as literals; parsing a literal never resolves.
            return Identifier.ip(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return new Identifier(Identifier.TYPE_IP, text);
        }
    }

    private static String commonName(X500Principal principal) {
        RDN[] cns = X500Name.getInstance(principal.getEncoded()).getRDNs(BCStyle.CN);
        if (cns.length > 0 && cns[0].getFirst() != null) {
            return IETFUtils.valueToString(cns[0].getFirst().getValue());
        }
        return principal.getName();
    }

    /** The first chain among {@code candidates} that leads to {@code issuerName}, if any. */
    static Optional<Certificate> firstLeadingTo(List<Certificate> candidates, String issuerName) {
        for (Certificate c : candidates) {
            if (c.topIssuerName().equalsIgnoreCase(issuerName)) {
                return Optional.of(c);
            }
        }
        return candidates.stream().filter(c -> c.leadsTo(issuerName)).findFirst();
    }
}
