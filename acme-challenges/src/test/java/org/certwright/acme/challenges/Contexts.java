package org.certwright.acme.challenges;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.Status;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenge.TlsAlpnValidation;
import org.certwright.acme.crypto.KeyAuthorization;
import org.certwright.acme.crypto.KeyType;

/** Challenge contexts as a session would derive them, without a CA. */
final class Contexts {

    static final KeyPair ACCOUNT = KeyType.EC_P256.generate();
    static final URI ACCOUNT_URL = URI.create("https://ca.test/acct/1");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Contexts() {
    }

    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static Challenge challenge(String type, String token) {
        return Challenge.builder(URI.create("https://ca.test/chall/" + token), type, Status.PENDING).token(token).build();
    }

    static ChallengeContext http01(String name) {
        String token = token();
        KeyAuthorization keyAuthorization = KeyAuthorization.of(token, ACCOUNT.getPublic());
        return new ChallengeContext(Identifier.dns(name), challenge(Challenge.HTTP_01, token), ACCOUNT_URL,
                ACCOUNT.getPublic(), Optional.of(keyAuthorization),
                Optional.of(new HttpResource(token, keyAuthorization.value(), "text/plain")), Optional.empty(),
                Optional.empty());
    }

    /** A context carrying just the given file, as the draft's simpleHttps would. */
    static ChallengeContext withFile(String type, HttpResource resource) {
        return new ChallengeContext(Identifier.dns("example.com"), challenge(type, resource.name()), ACCOUNT_URL,
                ACCOUNT.getPublic(), Optional.empty(), Optional.of(resource), Optional.empty(), Optional.empty());
    }

    static ChallengeContext dns01(String name) {
        String token = token();
        KeyAuthorization keyAuthorization = KeyAuthorization.of(token, ACCOUNT.getPublic());
        return new ChallengeContext(Identifier.dns(name), challenge(Challenge.DNS_01, token), ACCOUNT_URL,
                ACCOUNT.getPublic(), Optional.of(keyAuthorization), Optional.empty(),
                Optional.of(new DnsRecord("_acme-challenge." + name, keyAuthorization.dnsTxtValue(), false)),
                Optional.empty());
    }

    static ChallengeContext tlsAlpn01(Identifier identifier) {
        String token = token();
        KeyAuthorization keyAuthorization = KeyAuthorization.of(token, ACCOUNT.getPublic());
        Identifier validated = identifier.isWildcard() ? Identifier.dns(identifier.baseName()) : identifier;
        return new ChallengeContext(identifier, challenge(Challenge.TLS_ALPN_01, token), ACCOUNT_URL,
                ACCOUNT.getPublic(), Optional.of(keyAuthorization), Optional.empty(), Optional.empty(),
                Optional.of(new TlsAlpnValidation(validated, sni(validated), keyAuthorization.sha256())));
    }

    static TlsAlpnValidation validation(Identifier identifier) {
        return tlsAlpn01(identifier).tlsAlpn().orElseThrow();
    }

    /** The SNI a CA sends (RFC 8738 §6 for IP addresses). */
    static String sni(Identifier identifier) {
        if (!identifier.isIp()) {
            return identifier.value();
        }
        byte[] b = identifier.inetAddress().getAddress();
        StringBuilder sb = new StringBuilder();
        if (b.length == 4) {
            for (int i = 3; i >= 0; i--) {
                sb.append(b[i] & 0xff).append('.');
            }
            return sb.append("in-addr.arpa").toString();
        }
        for (int i = b.length - 1; i >= 0; i--) {
            sb.append(Character.forDigit(b[i] & 0xf, 16)).append('.');
            sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append('.');
        }
        return sb.append("ip6.arpa").toString();
    }

    /** A port on 127.0.0.1 that was free a moment ago. */
    /** Whether a loopback port can be bound, that is, whether nothing listens on it. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
