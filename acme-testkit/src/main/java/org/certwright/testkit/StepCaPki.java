package org.certwright.testkit;

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
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The root and intermediate of one step-ca instance, as {@code step ca init} would make them: an
 * ECDSA P-256 root, and an intermediate it signs that step-ca issues with (ACME certificates and the
 * certificate of its own HTTPS listener). Bouncy Castle builds them; no provider is registered.
 */
final class StepCaPki {

    static final String ROOT_PEM = "root_ca.crt";
    static final String INTERMEDIATE_PEM = "intermediate_ca.crt";
    static final String INTERMEDIATE_KEY_PEM = "intermediate_ca_key";

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final X509Certificate root;
    private final X509Certificate intermediate;
    private final PrivateKey intermediateKey;

    private StepCaPki(X509Certificate root, X509Certificate intermediate, PrivateKey intermediateKey) {
        this.root = root;
        this.intermediate = intermediate;
        this.intermediateKey = intermediateKey;
    }

    /** Generates a fresh root and intermediate. */
    static StepCaPki create() {
        try {
            SecureRandom random = new SecureRandom();
            Instant now = Instant.now();
            Date notBefore = Date.from(now.minus(BACKDATE));
            Date notAfter = Date.from(now.plus(VALIDITY));
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            String suffix = HexFormat.of().toHexDigits(random.nextInt());

            KeyPair rootKeys = newKeyPair();
            X500Name rootName = new X500Name("CN=Certwright step-ca Test Root " + suffix);
            X509Certificate root = sign(new JcaX509v3CertificateBuilder(rootName, serial(random), notBefore, notAfter,
                    rootName, rootKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(1))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(rootKeys.getPublic())), rootKeys.getPrivate());

            KeyPair intermediateKeys = newKeyPair();
            X509Certificate intermediate = sign(new JcaX509v3CertificateBuilder(root, serial(random), notBefore,
                    notAfter, new X500Name("CN=Certwright step-ca Test Intermediate " + suffix),
                    intermediateKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(root))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(intermediateKeys.getPublic())),
                    rootKeys.getPrivate());
            return new StepCaPki(root, intermediate, intermediateKeys.getPrivate());
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot create the root and intermediate for step-ca", e);
        }
    }

    X509Certificate root() {
        return root;
    }

    /** Writes the two certificates and the intermediate's unencrypted PKCS#8 key (owner-only). */
    void writeTo(Path dir) {
        try {
            Files.writeString(dir.resolve(ROOT_PEM), TestCertificateAuthority.pem("CERTIFICATE", root.getEncoded()),
                    StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve(INTERMEDIATE_PEM),
                    TestCertificateAuthority.pem("CERTIFICATE", intermediate.getEncoded()), StandardCharsets.US_ASCII);
            Path key = dir.resolve(INTERMEDIATE_KEY_PEM);
            if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(key,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(key, TestCertificateAuthority.pem("PRIVATE KEY", intermediateKey.getEncoded()),
                    StandardCharsets.US_ASCII);
        } catch (CertificateException e) {
            throw new IllegalStateException("Cannot encode step-ca's certificates", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write step-ca's certificates to " + dir, e);
        }
    }

    /** A TLS context that trusts the root and nothing else. */
    SSLContext sslContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("certwright-step-ca-root", root);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build an SSLContext trusting step-ca's root", e);
        }
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
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(issuerKey)));
    }
}
