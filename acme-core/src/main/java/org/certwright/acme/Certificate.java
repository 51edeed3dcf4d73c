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
 * <p>An immutable snapshot. Certificates are normally made by the {@link Session} from the CA's
 * responses; {@link #builder} exists for tests, and {@link #toBuilder()} for copies with a change.
 */
public final class Certificate implements LinkTarget {

    private final URI url;
    private final List<X509Certificate> chain;
    private final List<Link<Certificate>> alternates;

    private Certificate(Builder b) {
        this.url = Objects.requireNonNull(b.url, "url");
        this.chain = b.chain;
        this.alternates = b.alternates;
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
    }

    /**
     * A builder for a {@link Certificate}, for tests and for code that makes resources itself; the session
     * makes them from the CA's responses.
     *
     * @param url the certificate URL
     * @param chain the leaf followed by its issuers, as the CA sent them
     * @return the builder
     * @since 0.2.0
     */
    public static Builder builder(URI url, List<X509Certificate> chain) {
        Builder b = new Builder();
        b.url = Objects.requireNonNull(url, "url");
        b.chain = List.copyOf(chain);
        return b;
    }

    /**
     * A builder holding this resource's values, for a copy with some of them changed.
     *
     * @return the builder
     * @since 0.2.0
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.url = url;
        b.chain = chain;
        b.alternates = alternates;
        return b;
    }

    /** The certificate URL. */
    @Override
    public URI url() {
        return url;
    }

    /** The leaf followed by its issuers, as the CA sent them. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** Other chains for the same leaf ({@code Link rel="alternate"}). */
    public List<Link<Certificate>> alternates() {
        return alternates;
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
     * @param key         the public key the certificate must be for
     * @param identifiers the identifiers it must name
     * @throws CertificateMismatchException naming the first difference found, or a
     *                                      subjectAltName entry that is not a valid identifier
     * @throws NullPointerException         if an argument is {@code null}
     */
    public void verify(PublicKey key, Collection<Identifier> identifiers) throws CertificateMismatchException {
        X509Certificate leaf = leaf();
        if (!Arrays.equals(leaf.getPublicKey().getEncoded(), key.getEncoded())) {
            throw new CertificateMismatchException("the certificate's public key is not the key of the CSR", url);
        }
        SubjectAltNames sans = subjectAltNames(leaf);
        if (!sans.invalid().isEmpty()) {
            throw new CertificateMismatchException("the certificate's subjectAltName holds entries that are not valid"
                    + " identifiers: " + String.join(", ", sans.invalid()), url);
        }
        Optional<String> difference = IdentifierSets.difference(identifiers, sans.identifiers());
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

    /**
     * The identifiers in a certificate's subjectAltName extension (dNSName and iPAddress
     * entries). Entries that are not valid identifiers (a dNSName that is not a DNS name, or is an
     * IP address) are left out; {@link #verify} reports them.
     *
     * @param certificate the certificate
     * @return the identifiers it names, in the order of the extension
     * @throws NullPointerException if {@code certificate} is {@code null}
     */
    public static List<Identifier> namedIdentifiers(X509Certificate certificate) {
        return subjectAltNames(certificate).identifiers();
    }

    /** A certificate's subjectAltName entries: those that are identifiers, and those that should be but are not. */
    private record SubjectAltNames(List<Identifier> identifiers, List<String> invalid) {
    }

    private static SubjectAltNames subjectAltNames(X509Certificate certificate) {
        Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return new SubjectAltNames(List.of(), List.of("(unparseable subjectAltName: " + e.getMessage() + ")"));
        }
        if (sans == null) {
            return new SubjectAltNames(List.of(), List.of());
        }
        List<Identifier> identifiers = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            Object value = san.get(1);
            if ((type == 2 || type == 7) && value instanceof String text) {
                try {
                    identifiers.add(type == 2 ? Identifier.dns(text) : ipIdentifier(text));
                } catch (IllegalArgumentException e) {
                    // The CA's input, not the caller's: reported by verify, never thrown from here.
                    invalid.add("'" + text + "' (" + e.getMessage() + ")");
                }
            }
        }
        return new SubjectAltNames(List.copyOf(identifiers), List.copyOf(invalid));
    }

    private static Identifier ipIdentifier(String text) {
        try {
            // The JDK renders iPAddress SANs as literals; parsing a literal never resolves.
            return Identifier.ip(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + e.getMessage(), e);
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

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        return o instanceof Certificate other
                && url.equals(other.url)
                && chain.equals(other.chain)
                && alternates.equals(other.alternates);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, chain, alternates);
    }

    @Override
    public String toString() {
        // The whole chain's toString is pages of text; the leaf's names identify it.
        return "Certificate[url=" + url + ", leaf=" + leaf().getSubjectX500Principal().getName() + ", chain length="
                + chain.size() + ", alternates=" + alternates + "]";
    }

    /**
     * Builds a {@link Certificate}. Setters check for {@code null} and copy collections; {@link #build()}
     * checks that the parts the resource needs are there.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private URI url;
        private List<X509Certificate> chain = List.of();
        private List<Link<Certificate>> alternates = List.of();

        private Builder() {
        }

        /**
         * Sets the certificate URL.
         *
         * @param url the value
         * @return this builder
         */
        public Builder url(URI url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Sets the leaf followed by its issuers, as the CA sent them.
         *
         * @param chain the values, copied
         * @return this builder
         */
        public Builder chain(List<X509Certificate> chain) {
            this.chain = List.copyOf(chain);
            return this;
        }

        /**
         * Sets other chains for the same leaf ({@code Link rel="alternate"}).
         *
         * @param alternates the values, copied
         * @return this builder
         */
        public Builder alternates(List<Link<Certificate>> alternates) {
            this.alternates = List.copyOf(alternates);
            return this;
        }

        /**
         * Builds the Certificate.
         *
         * @return a {@link Certificate} with this builder's values
         * @throws IllegalArgumentException if the chain is empty
         */
        public Certificate build() {
            return new Certificate(this);
        }
    }
}
