package org.certwright.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA for Pebble's own HTTPS listeners: an ECDSA P-256 root and a leaf for
 * {@code 127.0.0.1} (IP SAN) and {@code localhost} (DNS SAN). Bouncy Castle builds the certificates;
 * keys, signatures and parsing use the JDK's providers (no provider is registered).
 *
 * <p>This is not the CA that issues ACME certificates: Pebble generates that one itself on every start
 * ({@link PebbleServer#roots()}). This one is only what tests trust to talk to Pebble.
 */
final class TestCertificateAuthority {

    static final String ROOT_PEM = "root.pem";
    static final String LEAF_PEM = "cert.pem";
    static final String LEAF_KEY_PEM = "key.pem";

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final X509Certificate root;
    private final X509Certificate leaf;
    private final PrivateKey leafKey;

    private TestCertificateAuthority(X509Certificate root, X509Certificate leaf, PrivateKey leafKey) {
        this.root = root;
        this.leaf = leaf;
        this.leafKey = leafKey;
    }

    /**
     * Generates a fresh root and leaf.
     *
     * @return the new CA
     */
    static TestCertificateAuthority create() {
        try {
            SecureRandom random = new SecureRandom();
            Instant now = Instant.now();
            Date notBefore = Date.from(now.minus(BACKDATE));
            Date notAfter = Date.from(now.plus(VALIDITY));
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

            KeyPair rootKeys = newKeyPair();
            X500Name rootName = new X500Name("CN=Certwright Test Root " + HexFormat.of().toHexDigits(random.nextInt()));
            X509v3CertificateBuilder rootBuilder = new JcaX509v3CertificateBuilder(rootName, serial(random),
                    notBefore, notAfter, rootName, rootKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(rootKeys.getPublic()));
            X509Certificate root = sign(rootBuilder, rootKeys.getPrivate());

            KeyPair leafKeys = newKeyPair();
            GeneralNames names = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost"),
            });
            X509v3CertificateBuilder leafBuilder = new JcaX509v3CertificateBuilder(root, serial(random),
                    notBefore, notAfter, new X500Name("CN=localhost"), leafKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, names)
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(root))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(leafKeys.getPublic()));
            X509Certificate leaf = sign(leafBuilder, rootKeys.getPrivate());
            return new TestCertificateAuthority(root, leaf, leafKeys.getPrivate());
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot create the test CA for Pebble's TLS listener", e);
        }
    }

    X509Certificate root() {
        return root;
    }

    X509Certificate leaf() {
        return leaf;
    }

    /**
     * Writes {@value #ROOT_PEM}, {@value #LEAF_PEM} and {@value #LEAF_KEY_PEM} (PKCS#8, owner-only).
     *
     * @param dir an existing directory
     */
    void writeTo(Path dir) {
        try {
            Files.writeString(dir.resolve(ROOT_PEM), pem("CERTIFICATE", root.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve(LEAF_PEM), pem("CERTIFICATE", leaf.getEncoded()), StandardCharsets.US_ASCII);
            Path key = dir.resolve(LEAF_KEY_PEM);
            if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(key,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(key, pem("PRIVATE KEY", leafKey.getEncoded()), StandardCharsets.US_ASCII);
        } catch (CertificateException e) {
            throw new IllegalStateException("Cannot encode the test CA", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the test CA to " + dir, e);
        }
    }

    /**
     * A TLS context that trusts the root and nothing else.
     *
     * @return a new context
     */
    SSLContext sslContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("certwright-test-root", root);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build an SSLContext trusting the test CA", e);
        }
    }

    /**
     * Encodes DER as PEM with 64-character lines.
     *
     * @param type the PEM label, e.g. {@code CERTIFICATE}
     * @param der  the content
     * @return the PEM text, ending with a newline
     */
    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /**
     * Parses every certificate of a PEM text.
     *
     * @param pem one or more {@code CERTIFICATE} blocks
     * @return the certificates in order
     * @throws CertificateException if the text is not PEM certificates
     */
    static List<X509Certificate> parseCertificates(String pem) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = new ArrayList<>();
        for (var certificate : factory.generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            certificates.add((X509Certificate) certificate);
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no certificate in the PEM text");
        }
        return certificates;
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(63, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, CertificateException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}
