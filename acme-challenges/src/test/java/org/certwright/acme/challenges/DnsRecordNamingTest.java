package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.certwright.acme.Authorization;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.Session;
import org.certwright.acme.Status;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.crypto.KeyAuthorization;
import org.certwright.acme.crypto.KeyType;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;

/** The records DnsResponder publishes, as acme-core derives them from a challenge (Session.challengeContext). */
class DnsRecordNamingTest {

    private static final KeyPair ACCOUNT_KEY = KeyType.EC_P256.generate();
    private static final PublicKey KEY = ACCOUNT_KEY.getPublic();
    private static final String TOKEN = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";
    /** The account URL of draft-ietf-acme-dns-account-label's example. */
    private static final URI ACCOUNT = URI.create("https://example.com/acme/acct/ExampleAccount");

    @Test
    void dns01IsAtTheAcmeChallengeLabelWithTheDigestOfTheKeyAuthorization() {
        DnsRecord record = record(authz("www.example.org", false, challenge(Challenge.DNS_01, List.of())));

        assertThat(record.name()).isEqualTo("_acme-challenge.www.example.org");
        assertThat(record.value()).isEqualTo(KeyAuthorization.of(TOKEN, KEY).dnsTxtValue()).hasSize(43);
        assertThat(record.persistent()).isFalse();
    }

    @Test
    void aWildcardIsValidatedAtItsBaseName() {
        ChallengeContext context = context(authz("example.org", true, challenge(Challenge.DNS_01, List.of())));

        assertThat(context.identifier()).isEqualTo(Identifier.dns("*.example.org"));
        assertThat(context.dnsRecord().orElseThrow().name()).isEqualTo("_acme-challenge.example.org");
    }

    @Test
    void dnsAccount01PutsTheAccountLabelFirst() {
        DnsRecord record = record(authz("example.org", false, challenge(Challenge.DNS_ACCOUNT_01, List.of())));

        // The draft's example: base32 of the first 10 bytes of SHA-256 of the account URL, lower case.
        assertThat(record.name()).isEqualTo("_ujmmovf2vn55tgye._acme-challenge.example.org");
        assertThat(record.value()).isEqualTo(KeyAuthorization.of(TOKEN, KEY).dnsTxtValue());
        assertThat(record.persistent()).isFalse();
    }

    @Test
    void dnsPersist01NamesTheFirstIssuerAndTheAccountAndStays() {
        DnsRecord record = record(authz("example.org", false,
                challenge(Challenge.DNS_PERSIST_01, List.of("pebble.letsencrypt.org", "other.example"))));

        assertThat(record.name()).isEqualTo("_validation-persist.example.org");
        assertThat(record.value()).isEqualTo("pebble.letsencrypt.org; accounturi=" + ACCOUNT);
        assertThat(record.persistent()).isTrue();
    }

    @Test
    void dnsPersist01ForAWildcardAddsTheWildcardPolicy() {
        DnsRecord record = record(authz("example.org", true,
                challenge(Challenge.DNS_PERSIST_01, List.of("pebble.letsencrypt.org"))));

        assertThat(record.name()).isEqualTo("_validation-persist.example.org");
        assertThat(record.value()).isEqualTo("pebble.letsencrypt.org; accounturi=" + ACCOUNT + "; policy=wildcard");
    }

    @Test
    void dnsPersist01WithoutOrWithTooManyIssuersHasNoRecordAndIsDeclined() {
        DnsResponder responder = DnsResponder.builder(new DnsResponderTest.RecordingProvider())
                .propagationCheck(PropagationCheck.none()).build();
        for (List<String> issuers : List.of(List.<String>of(), Collections.nCopies(11, "ca.example"))) {
            ChallengeContext context = context(authz("example.org", false,
                    challenge(Challenge.DNS_PERSIST_01, issuers)));

            assertThat(context.dnsRecord()).isEmpty();
            assertThat(responder.supports(context)).isFalse();
        }
    }

    @Test
    void theAccountLabelIsBouncyCastlesBase32OfTheAccountUrlsDigest() throws Exception {
        // Known vectors, so that the label's derivation can move to a library encoder unchanged.
        for (String url : List.of("https://example.com/acme/acct/ExampleAccount", "https://ca.example/acct/1",
                "https://acme-v02.api.letsencrypt.org/acme/acct/123456789", "http://127.0.0.1:14000/my-account/7",
                "https://ca.example/acct/\u00e9t\u00e9")) {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            String expected = "_" + Base32.toBase32String(Arrays.copyOf(digest, 10)).toLowerCase(Locale.ROOT)
                    + "._acme-challenge.example.org";
            DnsRecord record = context(authz("example.org", false, challenge(Challenge.DNS_ACCOUNT_01, List.of())),
                    URI.create(url)).dnsRecord().orElseThrow();
            assertThat(record.name()).as(url).isEqualTo(expected);
        }
    }

    private static DnsRecord record(Authorization authz) {
        return context(authz).dnsRecord().orElseThrow();
    }

    private static ChallengeContext context(Authorization authz) {
        return context(authz, ACCOUNT);
    }

    private static ChallengeContext context(Authorization authz, URI account) {
        // Deriving a context needs no request: the session only has to know its account.
        Session session = Session.builder(URI.create("https://ca.example/dir"), ACCOUNT_KEY).accountUrl(account).build();
        try {
            return session.challengeContext(authz, authz.challenges().get(0));
        } catch (org.certwright.acme.problem.AcmeException e) {
            throw new AssertionError(e);
        }
    }

    private static Authorization authz(String name, boolean wildcard, Challenge challenge) {
        return Authorization.builder(URI.create("https://ca.example/authz/1"), Status.PENDING, Identifier.dns(name))
                .challenges(List.of(challenge)).wildcard(wildcard).build();
    }

    private static Challenge challenge(String type, List<String> issuers) {
        boolean persist = type.equals(Challenge.DNS_PERSIST_01);
        return Challenge.builder(URI.create("https://ca.example/chall/1"), type, Status.PENDING)
                .token(persist ? Optional.empty() : Optional.of(TOKEN))
                .otherFields(persist ? Map.of("issuer-domain-names", issuers) : Map.of())
                .build();
    }
}
