package org.certwright.acme.lifecycle;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The names under which the lifecycle manager keeps its data in a {@link CertificateStore}, and
 * the locks that cover them. With the {@link FileCertificateStore} each name is a path under the
 * store's root directory:
 *
 * <pre>
 * accounts/&lt;ca-id&gt;/&lt;account-id&gt;/account.json    the account: URL, contacts, CA, state (JSON)
 * accounts/&lt;ca-id&gt;/&lt;account-id&gt;/key.pem         the account's private key (PEM)
 * certificates/&lt;certificate-id&gt;/key.pem         the certificate's private key (PEM)
 * certificates/&lt;certificate-id&gt;/chain.pem       the certificate and its chain (PEM, leaf first)
 * certificates/&lt;certificate-id&gt;/metadata.json   issuing CA, renewal (ARI) state, last attempts (JSON)
 * challenges/http-01/&lt;token&gt;                   a key authorization being validated (cluster http-01)
 * challenges/tls-alpn-01/&lt;server-name&gt;         a tls-alpn-01 validation in progress (cluster tls-alpn-01)
 * </pre>
 *
 * The lock {@code accounts/<ca-id>/<account-id>} covers an account's blobs and the lock
 * {@code certificates/<certificate-id>} a certificate's, so every write of them carries that
 * lock's lease (see {@link CertificateStore}). A {@code <ca-id>} comes from {@link #caId(URI)}
 * (or is a name the application gives the CA), a {@code <certificate-id>} from
 * {@link #certificateId(String)}.
 *
 * @since 0.2.0
 */
public final class StoreLayout {

    /** The top-level prefix of accounts. */
    public static final String ACCOUNTS = "accounts";
    /** The top-level prefix of certificates. */
    public static final String CERTIFICATES = "certificates";
    /** The top-level prefix of challenge answers shared by the instances of a cluster. */
    public static final String CHALLENGES = "challenges";

    /** Keeps a hashed id within {@link StoreNames#MAX_SEGMENT_LENGTH}. */
    private static final int READABLE_PART = 200;

    private StoreLayout() {
    }

    /**
     * The lock that covers an account's blobs.
     *
     * @param caId      the CA's id (one segment)
     * @param accountId the account's id under that CA (one segment)
     * @return {@code accounts/<caId>/<accountId>}
     * @throws InvalidStoreNameException if an id is not a valid segment
     * @since 0.2.0
     */
    public static String accountLock(String caId, String accountId) {
        return StoreNames.checkName(ACCOUNTS + "/" + segment(caId) + "/" + segment(accountId));
    }

    /**
     * The account's JSON document.
     *
     * @param caId      the CA's id
     * @param accountId the account's id
     * @return {@code accounts/<caId>/<accountId>/account.json}
     * @since 0.2.0
     */
    public static String accountJson(String caId, String accountId) {
        return accountLock(caId, accountId) + "/account.json";
    }

    /**
     * The account's private key.
     *
     * @param caId      the CA's id
     * @param accountId the account's id
     * @return {@code accounts/<caId>/<accountId>/key.pem}
     * @since 0.2.0
     */
    public static String accountKey(String caId, String accountId) {
        return accountLock(caId, accountId) + "/key.pem";
    }

    /**
     * The lock that covers a certificate's blobs.
     *
     * @param certificateId the certificate's id (one segment, see {@link #certificateId(String)})
     * @return {@code certificates/<certificateId>}
     * @since 0.2.0
     */
    public static String certificateLock(String certificateId) {
        return StoreNames.checkName(CERTIFICATES + "/" + segment(certificateId));
    }

    /**
     * The certificate's private key.
     *
     * @param certificateId the certificate's id
     * @return {@code certificates/<certificateId>/key.pem}
     * @since 0.2.0
     */
    public static String certificateKey(String certificateId) {
        return certificateLock(certificateId) + "/key.pem";
    }

    /**
     * The certificate and its chain.
     *
     * @param certificateId the certificate's id
     * @return {@code certificates/<certificateId>/chain.pem}
     * @since 0.2.0
     */
    public static String certificateChain(String certificateId) {
        return certificateLock(certificateId) + "/chain.pem";
    }

    /**
     * The certificate's metadata.
     *
     * @param certificateId the certificate's id
     * @return {@code certificates/<certificateId>/metadata.json}
     * @since 0.2.0
     */
    public static String certificateMetadata(String certificateId) {
        return certificateLock(certificateId) + "/metadata.json";
    }

    /**
     * The key authorization of an http-01 challenge being validated, for whichever instance of a
     * cluster the CA's request reaches. Written without a lease: tokens are unique.
     *
     * @param token the challenge's token (base64url)
     * @return {@code challenges/http-01/<token>}
     * @throws InvalidStoreNameException if the token is not base64url
     * @since 0.2.0
     */
    public static String httpChallenge(String token) {
        return StoreNames.checkName(CHALLENGES + "/http-01/" + segment(token));
    }

    /**
     * A tls-alpn-01 validation in progress for a server name (SNI), for whichever instance of a
     * cluster the CA's handshake reaches.
     *
     * @param serverName the name the CA sends in SNI (a DNS name, or the reverse name of an IP address)
     * @return {@code challenges/tls-alpn-01/<serverName>}
     * @throws InvalidStoreNameException if the name has characters a server name cannot have
     * @since 0.2.0
     */
    public static String tlsAlpnChallenge(String serverName) {
        return StoreNames.checkName(CHALLENGES + "/tls-alpn-01/" + segment(serverName.toLowerCase(Locale.ROOT)));
    }

    /**
     * The id of a certificate named after its first identifier: the DNS name in lower case, with
     * a leading {@code *.} written {@code wildcard_.} (as CertMagic does) and the colons of an
     * IPv6 address written {@code _}. Internationalized names must be given in their ASCII
     * ({@code xn--}) form. An id longer than {@link StoreNames#MAX_SEGMENT_LENGTH} is shortened
     * and made unique with a hash.
     *
     * @param identifier a DNS name, wildcard or IP address
     * @return a valid name segment
     * @throws InvalidStoreNameException if the identifier has characters a DNS name or IP address cannot have
     * @since 0.2.0
     */
    public static String certificateId(String identifier) {
        Objects.requireNonNull(identifier, "identifier");
        String id = identifier.toLowerCase(Locale.ROOT);
        if (id.startsWith("*.")) {
            id = "wildcard_." + id.substring(2);
        }
        return shortened(segment(id.replace(':', '_')));
    }

    /**
     * The id of a CA, made from its directory URL: the host, the port if one is given, and the
     * path's segments, joined with {@code -} ({@code acme-v02.api.letsencrypt.org-directory}).
     * Characters a name cannot hold become {@code _}.
     *
     * @param directoryUrl the CA's directory URL
     * @return a valid name segment
     * @throws IllegalArgumentException if the URL has no host
     * @since 0.2.0
     */
    public static String caId(URI directoryUrl) {
        Objects.requireNonNull(directoryUrl, "directoryUrl");
        if (directoryUrl.getHost() == null) {
            throw new IllegalArgumentException("CA directory URL has no host: " + directoryUrl);
        }
        StringBuilder sb = new StringBuilder(directoryUrl.getHost().toLowerCase(Locale.ROOT));
        if (directoryUrl.getPort() >= 0) {
            sb.append('-').append(directoryUrl.getPort());
        }
        String path = directoryUrl.getRawPath() == null ? "" : directoryUrl.getRawPath();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                sb.append('-').append(part);
            }
        }
        StringBuilder safe = new StringBuilder(sb.length());
        for (int i = 0; i < sb.length(); i++) {
            char c = sb.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            safe.append(ok ? c : '_');
        }
        if (safe.charAt(0) == '.') {
            safe.setCharAt(0, '_');
        }
        return shortened(safe.toString());
    }

    private static String segment(String id) {
        Objects.requireNonNull(id, "id");
        if (id.indexOf('/') >= 0) {
            throw new InvalidStoreNameException(id, "an id is one segment and cannot contain '/'");
        }
        // A long id is checked in pieces, so that all its characters are checked before it is hashed.
        int piece = StoreNames.MAX_SEGMENT_LENGTH - 1;
        StoreNames.checkName(id.substring(0, Math.min(id.length(), piece)));
        for (int start = piece; start < id.length(); start += piece) {
            StoreNames.checkName("x" + id.substring(start, Math.min(id.length(), start + piece)));
        }
        return id;
    }

    private static String shortened(String id) {
        if (id.length() <= StoreNames.MAX_SEGMENT_LENGTH) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return id.substring(0, READABLE_PART) + "-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
