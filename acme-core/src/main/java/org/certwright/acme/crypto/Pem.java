package org.certwright.acme.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x509.Certificate;
import org.certwright.acme.internal.io.AtomicFiles;

/**
 * Reads and writes keys, certificates and certificate signing requests as PEM text (RFC 7468).
 *
 * <p>Written PEM uses 64-character lines, {@code \n} line endings and ends with a newline, as
 * OpenSSL writes it. Reading is lenient about layout (CRLF, text around blocks, blank lines) and
 * strict about content: every problem is an {@link InvalidKeyMaterialException} naming the
 * block, its line and what was wrong, never an exception from a parser library.
 *
 * <p>Private keys are read from PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY})
 * and SEC1 ({@code EC PRIVATE KEY}, optionally after an {@code EC PARAMETERS} block), always as
 * unencrypted keys; they are always written as PKCS#8. All key objects are created by the JDK's
 * own providers. Only the key types of {@link KeyType} are accepted.
 *
 * <p>Files are written atomically (a reader sees the old or the new content, never a mix) and,
 * on POSIX file systems, readable by the owner only: private keys for obvious reasons, and
 * certificates too because Certwright cannot know who else should read them; widen their
 * permissions with {@link Files#setPosixFilePermissions} if another user needs them.
 */
public final class Pem {

    static final String CERTIFICATE = "CERTIFICATE";
    static final String PRIVATE_KEY = "PRIVATE KEY";
    static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
    static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    static final String EC_PARAMETERS = "EC PARAMETERS";
    static final String PUBLIC_KEY = "PUBLIC KEY";
    static final String RSA_PUBLIC_KEY = "RSA PUBLIC KEY";
    static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";
    /** The label Netscape and old OpenSSL versions wrote; RFC 7468 §7 says to accept it. */
    static final String NEW_CERTIFICATE_REQUEST = "NEW CERTIFICATE REQUEST";

    private static final int LINE_LENGTH = 64;
    private static final String SUPPORTED_PRIVATE_KEYS =
            "'" + PRIVATE_KEY + "', '" + RSA_PRIVATE_KEY + "' or '" + EC_PRIVATE_KEY + "'";

    private Pem() {
    }

    // ---------------------------------------------------------------- encoding

    /**
     * Encodes a certificate chain as consecutive {@code CERTIFICATE} blocks, in the given order
     * (normally the end-entity certificate first).
     *
     * @param chain the certificates, at least one
     * @return the PEM text
     * @throws IllegalArgumentException if the chain is empty or a certificate cannot be encoded
     */
    public static String encodeCertificates(List<X509Certificate> chain) {
        return new String(certificateBytes(chain), StandardCharsets.US_ASCII);
    }

    /**
     * Encodes a private key as an unencrypted PKCS#8 {@code PRIVATE KEY} block.
     *
     * @param key the private key; it must be extractable (not an HSM handle)
     * @return the PEM text
     * @throws InvalidKeyMaterialException if the key has no PKCS#8 encoding
     */
    public static String encodePrivateKey(PrivateKey key) {
        byte[] pem = privateKeyBytes(key);
        try {
            return new String(pem, StandardCharsets.US_ASCII);
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    /**
     * Encodes a public key as an X.509 SubjectPublicKeyInfo {@code PUBLIC KEY} block.
     *
     * @param key the public key
     * @return the PEM text
     * @throws InvalidKeyMaterialException if the key has no X.509 encoding
     */
    public static String encodePublicKey(PublicKey key) {
        Objects.requireNonNull(key, "key");
        byte[] der = "X.509".equals(key.getFormat()) ? key.getEncoded() : null;
        if (der == null) {
            throw new InvalidKeyMaterialException("the " + key.getAlgorithm() + " public key has no X.509 encoding");
        }
        return new String(block(PUBLIC_KEY, der), StandardCharsets.US_ASCII);
    }

    /**
     * Encodes a DER PKCS#10 certificate signing request as a {@code CERTIFICATE REQUEST} block.
     * The bytes are encoded as they are; use {@link Csr} to check them.
     *
     * @param der the DER-encoded request
     * @return the PEM text
     */
    public static String encodeCsr(byte[] der) {
        Objects.requireNonNull(der, "der");
        return new String(block(CERTIFICATE_REQUEST, der), StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Reads the one private key in a PEM text, with its public key.
     *
     * <p>The text may contain other blocks, such as the certificate in a combined file; they
     * are ignored. The public key is derived from the private key.
     *
     * @param pem PEM text with exactly one unencrypted private key
     * @return the key pair
     * @throws InvalidKeyMaterialException if there is no private key or more than one, it is
     *                                     encrypted, malformed, or of an unsupported type or size
     */
    public static KeyPair readKeyPair(String pem) {
        Objects.requireNonNull(pem, "pem");
        List<PemBlock> blocks = PemText.blocks(pem);
        PemBlock key = onlyBlock(blocks, Pem::isPrivateKeyLabel, "private key", SUPPORTED_PRIVATE_KEYS);
        try {
            return decodeKeyPair(key, blocks);
        } catch (InvalidKeyMaterialException e) {
            throw key.fail(e);
        } finally {
            // The caller's String cannot be wiped, but the decoded copy of the key can.
            Arrays.fill(key.der(), (byte) 0);
        }
    }

    /**
     * Reads the one private key in a PEM text. Accepts what {@link #readKeyPair(String)} accepts.
     *
     * @param pem PEM text with exactly one unencrypted private key
     * @return the private key
     * @throws InvalidKeyMaterialException as {@link #readKeyPair(String)} does
     */
    public static PrivateKey readPrivateKey(String pem) {
        return readKeyPair(pem).getPrivate();
    }

    /**
     * Reads the one public key in a PEM text: an X.509 {@code PUBLIC KEY} block or a PKCS#1
     * {@code RSA PUBLIC KEY} block.
     *
     * @param pem PEM text with exactly one public key
     * @return the public key
     * @throws InvalidKeyMaterialException if there is no public key or more than one, it is
     *                                     malformed, or of an unsupported type or size
     */
    public static PublicKey readPublicKey(String pem) {
        Objects.requireNonNull(pem, "pem");
        List<PemBlock> blocks = PemText.blocks(pem);
        PemBlock block = onlyBlock(blocks, label -> PUBLIC_KEY.equals(label) || RSA_PUBLIC_KEY.equals(label),
                "public key", "'" + PUBLIC_KEY + "' or '" + RSA_PUBLIC_KEY + "'");
        try {
            PublicKey key = PUBLIC_KEY.equals(block.label())
                    ? PublicKeyDecoder.spki(block.der())
                    : PublicKeyDecoder.pkcs1(block.der());
            KeyType.of(key);
            return key;
        } catch (InvalidKeyMaterialException e) {
            throw block.fail(e);
        }
    }

    /**
     * Reads every {@code CERTIFICATE} block of a PEM text, in order; other blocks are ignored.
     *
     * @param pem PEM text with at least one certificate
     * @return the certificates in the order given (for a chain, normally the end-entity
     *         certificate first)
     * @throws InvalidKeyMaterialException if there is no certificate or one is malformed
     */
    public static List<X509Certificate> readCertificates(String pem) {
        Objects.requireNonNull(pem, "pem");
        List<PemBlock> blocks = PemText.blocks(pem);
        List<X509Certificate> certificates = new ArrayList<>();
        for (PemBlock block : blocks) {
            if (CERTIFICATE.equals(block.label())) {
                try {
                    certificates.add(decodeCertificate(block.der()));
                } catch (InvalidKeyMaterialException e) {
                    throw block.fail(e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new InvalidKeyMaterialException("no '" + CERTIFICATE + "' block found; found " + labels(blocks));
        }
        return List.copyOf(certificates);
    }

    /**
     * Reads the one {@code CERTIFICATE REQUEST} block of a PEM text. The request's structure is
     * checked; {@link Csr#parse(String)} also checks its signature.
     *
     * @param pem PEM text with exactly one certificate signing request
     * @return the DER-encoded request
     * @throws InvalidKeyMaterialException if there is no request or more than one, or it is not
     *                                     a PKCS#10 structure
     */
    public static byte[] readCsr(String pem) {
        Objects.requireNonNull(pem, "pem");
        List<PemBlock> blocks = PemText.blocks(pem);
        PemBlock block = onlyBlock(blocks, label -> CERTIFICATE_REQUEST.equals(label) || NEW_CERTIFICATE_REQUEST.equals(label),
                "certificate signing request", "'" + CERTIFICATE_REQUEST + "'");
        try {
            DerInput.parse("PKCS#10 CertificationRequest",
                    () -> CertificationRequest.getInstance(ASN1Primitive.fromByteArray(block.der())));
        } catch (InvalidKeyMaterialException e) {
            throw block.fail(e);
        }
        return block.der().clone();
    }

    // ---------------------------------------------------------------- files

    /**
     * Reads the one private key in a PEM file, with its public key.
     *
     * @param file the PEM file
     * @return the key pair
     * @throws IOException                 if the file cannot be read
     * @throws InvalidKeyMaterialException as {@link #readKeyPair(String)} does, with the file
     *                                     named in the message
     */
    public static KeyPair readKeyPair(Path file) throws IOException {
        return fromFile(file, Pem::readKeyPair);
    }

    /**
     * Reads every certificate in a PEM file, in order.
     *
     * @param file the PEM file
     * @return the certificates in the order given
     * @throws IOException                 if the file cannot be read
     * @throws InvalidKeyMaterialException as {@link #readCertificates(String)} does, with the
     *                                     file named in the message
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return fromFile(file, Pem::readCertificates);
    }

    /**
     * Writes a private key as PKCS#8 PEM, atomically and readable by the owner only.
     *
     * @param file the file to create or replace; missing parent directories are created
     *             (owner-only)
     * @param key  the private key; it must be extractable
     * @throws IOException                 if the file cannot be written
     * @throws InvalidKeyMaterialException if the key has no PKCS#8 encoding
     */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] pem = privateKeyBytes(key);
        try {
            AtomicFiles.write(file, pem, true);
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    /**
     * Writes a key pair's private key as PKCS#8 PEM, atomically and readable by the owner only.
     * The public key is not written: {@link #readKeyPair(Path)} derives it.
     *
     * @param file    the file to create or replace; missing parent directories are created
     *                (owner-only)
     * @param keyPair the key pair
     * @throws IOException                 if the file cannot be written
     * @throws InvalidKeyMaterialException if the private key has no PKCS#8 encoding
     */
    public static void writeKeyPair(Path file, KeyPair keyPair) throws IOException {
        Objects.requireNonNull(keyPair, "keyPair");
        writePrivateKey(file, keyPair.getPrivate());
    }

    /**
     * Writes a certificate chain as PEM, atomically and readable by the owner only (see the
     * class description for why).
     *
     * @param file  the file to create or replace; missing parent directories are created
     *              (owner-only)
     * @param chain the certificates, at least one, normally the end-entity certificate first
     * @throws IOException              if the file cannot be written
     * @throws IllegalArgumentException if the chain is empty or a certificate cannot be encoded
     */
    public static void writeCertificates(Path file, List<X509Certificate> chain) throws IOException {
        Objects.requireNonNull(file, "file");
        AtomicFiles.write(file, certificateBytes(chain), true);
    }

    // ---------------------------------------------------------------- helpers

    private static KeyPair decodeKeyPair(PemBlock key, List<PemBlock> blocks) {
        if (key.isEncrypted()) {
            throw new InvalidKeyMaterialException("encrypted private keys are not supported; "
                    + "decrypt it first, for example with 'openssl pkey -in encrypted.pem -out key.pem'");
        }
        switch (key.label()) {
            case PRIVATE_KEY:
                return PrivateKeyDecoder.pkcs8(key.der());
            case RSA_PRIVATE_KEY:
                return PrivateKeyDecoder.pkcs1(key.der());
            case EC_PRIVATE_KEY:
                return PrivateKeyDecoder.sec1(key.der(), ecParameters(blocks));
            default:
                throw new InvalidKeyMaterialException("this private key format is not supported; expected "
                        + SUPPORTED_PRIVATE_KEYS + (key.label().startsWith("OPENSSH")
                        ? " (convert it with 'ssh-keygen -p -m PKCS8 -f FILE')" : ""));
        }
    }

    /** The curve of the {@code EC PARAMETERS} block OpenSSL writes before a SEC1 key, if any. */
    private static Optional<ASN1Primitive> ecParameters(List<PemBlock> blocks) {
        List<PemBlock> parameters = blocks.stream().filter(b -> EC_PARAMETERS.equals(b.label())).collect(Collectors.toList());
        if (parameters.size() > 1) {
            throw new InvalidKeyMaterialException("found " + parameters.size() + " '" + EC_PARAMETERS + "' blocks, expected at most one");
        }
        if (parameters.isEmpty()) {
            return Optional.empty();
        }
        PemBlock block = parameters.get(0);
        try {
            return Optional.of(DerInput.parse("EC parameters", () -> ASN1Primitive.fromByteArray(block.der())));
        } catch (InvalidKeyMaterialException e) {
            throw block.fail(e);
        }
    }

    private static X509Certificate decodeCertificate(byte[] der) {
        // Bouncy Castle checks the DER first: the JDK's factory would also accept PEM or BER
        // inside the bytes, and can fail with unchecked exceptions on garbage.
        DerInput.parse("X.509 certificate", () -> Certificate.getInstance(ASN1Primitive.fromByteArray(der)));
        return DerInput.parse("X.509 certificate", () -> (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der)));
    }

    private static boolean isPrivateKeyLabel(String label) {
        return label.endsWith("PRIVATE KEY");
    }

    private static PemBlock onlyBlock(List<PemBlock> blocks, Predicate<String> label,
            String what, String expected) {
        List<PemBlock> matching = blocks.stream().filter(b -> label.test(b.label())).collect(Collectors.toList());
        if (matching.isEmpty()) {
            throw new InvalidKeyMaterialException("no " + what + " found: expected a " + expected
                    + " block, found " + labels(blocks));
        }
        if (matching.size() > 1) {
            throw new InvalidKeyMaterialException("found " + matching.size() + " " + what + " blocks (at lines "
                    + matching.stream().map(b -> String.valueOf(b.line())).collect(Collectors.joining(", "))
                    + "), expected exactly one");
        }
        return matching.get(0);
    }

    private static String labels(List<PemBlock> blocks) {
        return blocks.stream().map(b -> "'" + b.label() + "' at line " + b.line()).collect(Collectors.joining(", "));
    }

    private static <T> T fromFile(Path file, Function<String, T> reader) throws IOException {
        Objects.requireNonNull(file, "file");
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        try {
            return reader.apply(text);
        } catch (InvalidKeyMaterialException e) {
            throw new InvalidKeyMaterialException("PEM file " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] privateKeyBytes(PrivateKey key) {
        Objects.requireNonNull(key, "key");
        byte[] der = "PKCS#8".equals(key.getFormat()) ? key.getEncoded() : null;
        if (der == null) {
            throw new InvalidKeyMaterialException("the " + key.getAlgorithm()
                    + " private key has no PKCS#8 encoding (is it held in a hardware token?)");
        }
        try {
            return block(PRIVATE_KEY, der);
        } finally {
            // Key bytes should not linger in memory longer than necessary.
            Arrays.fill(der, (byte) 0);
        }
    }

    private static byte[] certificateBytes(List<X509Certificate> chain) {
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = Objects.requireNonNull(chain.get(i), "chain[" + i + "]");
            try {
                out.writeBytes(block(CERTIFICATE, certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate " + i + " of the chain cannot be encoded", e);
            }
        }
        return out.toByteArray();
    }

    /** One PEM block as ASCII bytes, so that callers holding key material can wipe it. */
    private static byte[] block(String label, byte[] der) {
        byte[] base64 = Base64.getEncoder().encode(der);
        byte[] begin = ("-----BEGIN " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
        byte[] end = ("-----END " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
        int lines = (base64.length + LINE_LENGTH - 1) / LINE_LENGTH;
        byte[] out = new byte[begin.length + base64.length + lines + end.length];
        int pos = 0;
        System.arraycopy(begin, 0, out, pos, begin.length);
        pos += begin.length;
        for (int offset = 0; offset < base64.length; offset += LINE_LENGTH) {
            int length = Math.min(LINE_LENGTH, base64.length - offset);
            System.arraycopy(base64, offset, out, pos, length);
            pos += length;
            out[pos++] = '\n';
        }
        System.arraycopy(end, 0, out, pos, end.length);
        Arrays.fill(base64, (byte) 0);
        return out;
    }
}
