package org.certwright.acme.lifecycle;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.certwright.acme.challenge.TlsAlpnValidation;
import org.certwright.acme.crypto.InvalidKeyMaterialException;
import org.certwright.acme.crypto.KeyPairCheck;

/**
 * One certificate as {@link ManagedKeyManager} serves it: key, chain, the names it answers and
 * an alias no other entry ever had, so that an alias handed to the JDK before a swap can never
 * resolve to another certificate's key after it.
 */
record KeyEntry(String id, String alias, PrivateKey privateKey, X509Certificate[] chainArray,
                Set<String> dnsNames, Set<InetAddress> addresses, long sequence) {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    static KeyEntry of(String id, PrivateKey privateKey, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain for " + id + " is empty");
        }
        X509Certificate[] array = chain.toArray(new X509Certificate[0]);
        for (X509Certificate certificate : array) {
            Objects.requireNonNull(certificate, "a certificate of the chain of " + id);
        }
        try {
            KeyPairCheck.requireMatch(array[0].getPublicKey(), privateKey);
        } catch (InvalidKeyMaterialException e) {
            throw new InvalidKeyMaterialException("certificate " + id + ": " + e.getMessage(), e);
        }
        Set<String> dns = new LinkedHashSet<>();
        Set<InetAddress> addresses = new LinkedHashSet<>();
        readNames(id, array[0], dns, addresses);
        long n = SEQUENCE.incrementAndGet();
        return new KeyEntry(id, "certwright:" + id + "#" + n, privateKey, array, Set.copyOf(dns),
                Set.copyOf(addresses), n);
    }

    static KeyEntry validation(TlsAlpnValidation validation, PrivateKey privateKey, X509Certificate certificate) {
        try {
            KeyPairCheck.requireMatch(certificate.getPublicKey(), privateKey);
        } catch (InvalidKeyMaterialException e) {
            throw new InvalidKeyMaterialException("validation certificate for " + validation.serverName() + ": "
                    + e.getMessage(), e);
        }
        long n = SEQUENCE.incrementAndGet();
        return new KeyEntry(validation.serverName(), "certwright-acme-tls/1:" + validation.serverName() + "#" + n,
                privateKey, new X509Certificate[] {certificate}, Set.of(), Set.of(), n);
    }

    /** A fresh copy each time: the JDK may keep the array. */
    X509Certificate[] chain() {
        return chainArray.clone();
    }

    /**
     * Whether a key type the JDK asks for fits this key. TLS 1.3 asks for {@code EC}, {@code RSA},
     * {@code RSASSA-PSS} or {@code EdDSA}; TLS 1.2 may ask for {@code EC_EC} or {@code EC_RSA},
     * whose first part is the key's type.
     */
    boolean accepts(String keyType) {
        String algorithm = privateKey.getAlgorithm();
        return keyType.equals(algorithm) || keyType.startsWith(algorithm + "_");
    }

    String serialHex() {
        return chainArray[0].getSerialNumber().toString(16);
    }

    /** The names served, for logs. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>(dnsNames);
        addresses.forEach(a -> names.add(a.getHostAddress()));
        return names;
    }

    /** Lower case, without a trailing dot: the form SNI and SAN names are compared in. */
    static String normalize(String name) {
        String lower = ManagedKeyManager.lower(name);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static void readNames(String id, X509Certificate certificate, Set<String> dns, Set<InetAddress> addresses) {
        Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new InvalidKeyMaterialException("certificate " + id + " has an unreadable subjectAltName: "
                    + e.getMessage(), e);
        }
        if (sans == null) {
            return;
        }
        for (List<?> san : sans) {
            Object type = san.get(0);
            Object value = san.get(1);
            if (Integer.valueOf(SAN_DNS).equals(type) && value instanceof String name) {
                dns.add(normalize(name));
            } else if (Integer.valueOf(SAN_IP).equals(type) && value instanceof String literal) {
                try {
                    // The JDK renders iPAddress entries as literals, so this never resolves a name.
                    addresses.add(InetAddress.getByName(literal));
                } catch (UnknownHostException e) {
                    throw new InvalidKeyMaterialException("certificate " + id + " has an unreadable IP address "
                            + literal, e);
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyEntry other && sequence == other.sequence;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence);
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "KeyEntry[" + alias + ", serial " + serialHex() + "]";
    }
}
