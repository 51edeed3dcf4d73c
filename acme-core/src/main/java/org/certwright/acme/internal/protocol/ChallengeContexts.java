package org.certwright.acme.internal.protocol;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.util.encoders.Base32;
import org.certwright.acme.Authorization;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenge.TlsAlpnValidation;
import org.certwright.acme.crypto.KeyAuthorization;

/**
 * Derives what a responder needs from an RFC 8555 challenge: the http-01 file, the dns-01,
 * dns-account-01 and dns-persist-01 records, the tls-alpn-01 certificate parameters.
 */
public final class ChallengeContexts {

    private ChallengeContexts() {
    }

    /** The context for a challenge of an authorization under the given account. */
    public static ChallengeContext rfc8555(Authorization authz, Challenge challenge, URI accountUrl,
                                           PublicKey accountKey) {
        Identifier ordered = authz.orderedIdentifier();
        Optional<KeyAuthorization> keyAuth = challenge.token().map(t -> KeyAuthorization.of(t, accountKey));
        Optional<HttpResource> http = Optional.empty();
        Optional<DnsRecord> dns = Optional.empty();
        Optional<TlsAlpnValidation> tls = Optional.empty();
        String base = authz.identifier().value();
        switch (challenge.type()) {
            case Challenge.HTTP_01 -> http = keyAuth.map(k -> new HttpResource(k.token(), k.value(), "text/plain"));
            case Challenge.DNS_01 -> dns = keyAuth.map(k -> new DnsRecord("_acme-challenge." + base, k.dnsTxtValue(), false));
            case Challenge.DNS_ACCOUNT_01 -> dns = keyAuth.map(k -> new DnsRecord(
                    accountLabel(accountUrl) + "._acme-challenge." + base, k.dnsTxtValue(), false));
            case Challenge.DNS_PERSIST_01 -> dns = persistRecord(challenge, authz, accountUrl);
            case Challenge.TLS_ALPN_01 -> tls = keyAuth.map(k -> new TlsAlpnValidation(authz.identifier(),
                    sniName(authz.identifier()), k.sha256()));
            default -> {
                // A type this library does not know: the responder works from the challenge itself.
            }
        }
        return new ChallengeContext(ordered, challenge, accountUrl, accountKey, keyAuth, http, dns, tls);
    }

    /**
     * The dns-account-01 label (draft-ietf-acme-dns-account-label): {@code _} and the lower-case
     * base32 of the first 10 bytes of SHA-256(account URL).
     */
    static String accountLabel(URI accountUrl) {
        byte[] hash = sha256(accountUrl.toString().getBytes(StandardCharsets.UTF_8));
        // 10 bytes are 80 bits, exactly 16 base32 characters: no padding to strip.
        return "_" + Base32.toBase32String(Arrays.copyOf(hash, 10)).toLowerCase(Locale.ROOT);
    }

    /**
     * The dns-persist-01 record (draft-ietf-acme-dns-persist): at {@code _validation-persist.<domain>},
     * an RFC 8659 issue-value naming the CA's first issuer domain and the account, with
     * {@code policy=wildcard} for wildcard names.
     */
    private static Optional<DnsRecord> persistRecord(Challenge challenge, Authorization authz, URI accountUrl) {
        List<String> issuers = challenge.stringListField("issuer-domain-names");
        if (issuers.isEmpty() || issuers.size() > 10) {
            return Optional.empty(); // the draft says such a challenge must be rejected
        }
        String value = issuers.get(0) + "; accounturi=" + accountUrl + (authz.wildcard() ? "; policy=wildcard" : "");
        return Optional.of(new DnsRecord("_validation-persist." + authz.identifier().value(), value, true));
    }

    /** The SNI a CA sends for tls-alpn-01: the name, or for an IP the reverse-DNS name (RFC 8738 §6). */
    static String sniName(Identifier identifier) {
        if (!identifier.isIp()) {
            return identifier.value();
        }
        InetAddress address = identifier.inetAddress();
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder();
        if (address instanceof Inet4Address) {
            for (int i = b.length - 1; i >= 0; i--) {
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

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
