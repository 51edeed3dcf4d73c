package org.certwright.acme.challenge;

import java.net.URI;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.crypto.KeyAuthorization;

/**
 * Everything a {@link ChallengeResponder} is given for one challenge: the identifier, the
 * challenge, the account, and the values its type needs, already derived. Exactly one of
 * {@link #httpResource()}, {@link #dnsRecord()} and {@link #tlsAlpn()} is present for the
 * challenge types this library knows; all are empty for others, which a custom responder derives
 * from {@link #challenge()} and {@link #keyAuthorization()} itself.
 *
 * <p>Obtain one with {@link org.certwright.acme.Session#challengeContext}.
 *
 * @param identifier       the identifier as ordered (a wildcard keeps its {@code *.})
 * @param challenge        the challenge
 * @param accountUrl       the account the challenge is for
 * @param accountPublicKey the account's public key
 * @param keyAuthorization the key authorization, for challenges with a token
 * @param httpResource     the file to serve (http-01, the draft's simpleHttps)
 * @param dnsRecord        the TXT record to publish (dns-01, dns-account-01, dns-persist-01, the
 *                         draft's dns)
 * @param tlsAlpn          the certificate to present (tls-alpn-01)
 */
public record ChallengeContext(
        Identifier identifier,
        Challenge challenge,
        URI accountUrl,
        PublicKey accountPublicKey,
        Optional<KeyAuthorization> keyAuthorization,
        Optional<HttpResource> httpResource,
        Optional<DnsRecord> dnsRecord,
        Optional<TlsAlpnValidation> tlsAlpn) {

    /** Creates a context. */
    public ChallengeContext {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(accountUrl, "accountUrl");
        Objects.requireNonNull(accountPublicKey, "accountPublicKey");
        Objects.requireNonNull(keyAuthorization, "keyAuthorization");
        Objects.requireNonNull(httpResource, "httpResource");
        Objects.requireNonNull(dnsRecord, "dnsRecord");
        Objects.requireNonNull(tlsAlpn, "tlsAlpn");
    }

    /** The challenge type, for example {@code http-01}. */
    public String type() {
        return challenge.type();
    }
}
