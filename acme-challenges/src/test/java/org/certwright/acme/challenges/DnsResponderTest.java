package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.Status;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.crypto.KeyType;
import org.junit.jupiter.api.Test;

class DnsResponderTest {

    private static final PublicKey ACCOUNT_KEY = KeyType.EC_P256.generate().getPublic();
    private static final DnsRecord DNS_01 = new DnsRecord("_acme-challenge.example.com", "digest", false);
    private static final DnsRecord PERSIST = new DnsRecord("_validation-persist.example.com",
            "ca.example; accounturi=https://ca.example/acct/1", true);

    /** Records the calls, and fails on demand. */
    static final class RecordingProvider implements DnsProvider {
        final List<String> calls = new ArrayList<>();
        RuntimeException failPublish;
        ProvisioningException failRemove;

        @Override
        public synchronized void publish(DnsRecord record) throws ProvisioningException {
            calls.add("publish " + record.name() + " " + record.value());
            if (failPublish != null) {
                throw failPublish;
            }
        }

        @Override
        public synchronized void remove(DnsRecord record) throws ProvisioningException {
            calls.add("remove " + record.name() + " " + record.value());
            if (failRemove != null) {
                throw failRemove;
            }
        }
    }

    /** Records what it was asked; delegates one name by CNAME; fails on demand. */
    static final class RecordingCheck implements PropagationCheck {
        final List<String> calls = new ArrayList<>();
        ProvisioningException failAwait;

        @Override
        public void awaitVisible(DnsRecord record, Duration timeout) throws ProvisioningException {
            calls.add("await " + record.name() + " " + timeout.toSeconds());
            if (failAwait != null) {
                throw failAwait;
            }
        }

        @Override
        public String publicationName(String recordName) {
            calls.add("lookup " + recordName);
            return recordName.equals("_acme-challenge.delegated.example.com") ? "example.com.acme-dns.example" : recordName;
        }
    }

    private final RecordingProvider provider = new RecordingProvider();
    private final RecordingCheck check = new RecordingCheck();

    private DnsResponder responder() {
        return DnsResponder.builder(provider).propagationCheck(check).build();
    }

    @Test
    void answersTheDnsTypesForDnsNamesOnly() {
        DnsResponder responder = responder();

        assertThat(responder.challengeTypes()).containsExactlyInAnyOrder("dns-01", "dns-account-01", "dns-persist-01",
                "dns");
        assertThat(responder.supports(context(Identifier.dns("example.com"), Challenge.DNS_01, DNS_01))).isTrue();
        assertThat(responder.supports(context(Identifier.dns("example.com"), Challenge.DNS, DNS_01)))
                .as("the draft dialect's dns").isTrue();
        assertThat(responder.supports(context(Identifier.dns("*.example.com"), Challenge.DNS_ACCOUNT_01, DNS_01)))
                .isTrue();
        assertThat(responder.supports(context(Identifier.ip("192.0.2.1"), Challenge.DNS_01, DNS_01)))
                .as("RFC 8738: no DNS challenges for IP addresses").isFalse();
        assertThat(responder.supports(context(Identifier.dns("example.com"), Challenge.HTTP_01, null))).isFalse();
        assertThat(responder.supports(context(Identifier.dns("example.com"), Challenge.DNS_PERSIST_01, null)))
                .as("a dns-persist-01 challenge without issuer names has no record").isFalse();
    }

    @Test
    void typesCanBeNarrowedButOnlyToDnsTypes() {
        DnsResponder only01 = DnsResponder.builder(provider).challengeTypes(Challenge.DNS_01).build();

        assertThat(only01.challengeTypes()).containsExactly("dns-01");
        assertThat(only01.supports(context(Identifier.dns("example.com"), Challenge.DNS_ACCOUNT_01, DNS_01))).isFalse();
        assertThatThrownBy(() -> DnsResponder.builder(provider).challengeTypes(Challenge.HTTP_01))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DnsResponder.builder(provider).challengeTypes())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publishesWaitsForTheCheckAndRemovesOnce() throws Exception {
        Provision provision = responder().provision(context(Identifier.dns("example.com"), Challenge.DNS_01, DNS_01));
        provision.awaitReady(Duration.ofSeconds(90));
        provision.close();
        provision.close();

        assertThat(provider.calls).containsExactly(
                "publish _acme-challenge.example.com digest",
                "remove _acme-challenge.example.com digest");
        assertThat(check.calls).containsExactly("lookup _acme-challenge.example.com",
                "await _acme-challenge.example.com 90");
    }

    @Test
    void aDelegatedNameIsPublishedAtTheCnameTargetAndCheckedAtTheOriginal() throws Exception {
        DnsRecord delegated = new DnsRecord("_acme-challenge.delegated.example.com", "digest", false);

        Provision provision = responder().provision(context(Identifier.dns("delegated.example.com"),
                Challenge.DNS_01, delegated));
        provision.awaitReady(Duration.ofSeconds(5));
        provision.close();

        assertThat(provider.calls).containsExactly(
                "publish example.com.acme-dns.example digest",
                "remove example.com.acme-dns.example digest");
        assertThat(check.calls).contains("await _acme-challenge.delegated.example.com 5");
    }

    @Test
    void withoutCnameFollowingThePublicationNameIsNotLookedUp() throws Exception {
        DnsRecord delegated = new DnsRecord("_acme-challenge.delegated.example.com", "digest", false);

        DnsResponder.builder(provider).propagationCheck(check).followCnames(false).build()
                .provision(context(Identifier.dns("delegated.example.com"), Challenge.DNS_01, delegated)).close();

        assertThat(provider.calls).containsExactly(
                "publish _acme-challenge.delegated.example.com digest",
                "remove _acme-challenge.delegated.example.com digest");
        assertThat(check.calls).isEmpty();
    }

    @Test
    void theRecordIsRemovedWhenPropagationFails() throws Exception {
        check.failAwait = new ProvisioningException("not visible within 1 s");
        Provision provision = responder().provision(context(Identifier.dns("example.com"), Challenge.DNS_01, DNS_01));

        assertThatThrownBy(() -> provision.awaitReady(Duration.ofSeconds(1))).isSameAs(check.failAwait);
        // The issuance flow always closes what it provisioned.
        provision.close();

        assertThat(provider.calls).containsExactly(
                "publish _acme-challenge.example.com digest",
                "remove _acme-challenge.example.com digest");
    }

    @Test
    void aFailedPublishIsUndoneAndReported() {
        provider.failPublish = new IllegalStateException("API said 503");

        assertThatThrownBy(() -> responder().provision(context(Identifier.dns("example.com"), Challenge.DNS_01, DNS_01)))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("API said 503")
                .cause().isSameAs(provider.failPublish);
        assertThat(provider.calls).containsExactly(
                "publish _acme-challenge.example.com digest",
                "remove _acme-challenge.example.com digest");
    }

    @Test
    void aFailedUndoIsAttachedToThePublishFailure() {
        ProvisioningException publishFailure = new ProvisioningException("publish failed");
        DnsProvider failing = new DnsProvider() {
            @Override
            public void publish(DnsRecord record) throws ProvisioningException {
                throw publishFailure;
            }

            @Override
            public void remove(DnsRecord record) throws ProvisioningException {
                throw new ProvisioningException("remove failed too");
            }
        };

        assertThatThrownBy(() -> DnsResponder.builder(failing).propagationCheck(check).build()
                .provision(context(Identifier.dns("example.com"), Challenge.DNS_01, DNS_01)))
                .isSameAs(publishFailure);
        assertThat(publishFailure.getSuppressed()).extracting(Throwable::getMessage).containsExactly("remove failed too");
    }

    @Test
    void aFailedRemovalIsReported() throws Exception {
        provider.failRemove = new ProvisioningException("zone is frozen");
        Provision provision = responder().provision(context(Identifier.dns("example.com"), Challenge.DNS_01, DNS_01));

        assertThatThrownBy(provision::close).isSameAs(provider.failRemove);
    }

    @Test
    void persistentRecordsStayUnlessConfiguredOtherwise() throws Exception {
        responder().provision(context(Identifier.dns("example.com"), Challenge.DNS_PERSIST_01, PERSIST)).close();

        assertThat(provider.calls).containsExactly("publish " + PERSIST.name() + " " + PERSIST.value());

        provider.calls.clear();
        DnsResponder.builder(provider).propagationCheck(check).removePersistentRecords(true).build()
                .provision(context(Identifier.dns("example.com"), Challenge.DNS_PERSIST_01, PERSIST)).close();

        assertThat(provider.calls).containsExactly(
                "publish " + PERSIST.name() + " " + PERSIST.value(),
                "remove " + PERSIST.name() + " " + PERSIST.value());
    }

    @Test
    void aFailedPublishOfAPersistentRecordIsNotUndone() {
        provider.failPublish = new IllegalStateException("API said 503");

        assertThatThrownBy(() -> responder().provision(
                context(Identifier.dns("example.com"), Challenge.DNS_PERSIST_01, PERSIST)))
                .isInstanceOf(ProvisioningException.class);
        assertThat(provider.calls).containsExactly("publish " + PERSIST.name() + " " + PERSIST.value());
    }

    @Test
    void provisioningWhatItDoesNotSupportIsRefused() {
        assertThatThrownBy(() -> responder().provision(context(Identifier.ip("192.0.2.1"), Challenge.DNS_01, DNS_01)))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("192.0.2.1");
        assertThat(provider.calls).isEmpty();
    }

    static ChallengeContext context(Identifier identifier, String type, DnsRecord record) {
        Challenge challenge = Challenge.builder(URI.create("https://ca.example/chall/1"), type, Status.PENDING)
                .token("token").build();
        return new ChallengeContext(identifier, challenge, URI.create("https://ca.example/acct/1"), ACCOUNT_KEY,
                Optional.empty(), Optional.empty(), Optional.ofNullable(record), Optional.empty());
    }
}
