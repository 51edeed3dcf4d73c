package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.security.KeyPair;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.problem.NotSupportedByServerException;
import org.junit.jupiter.api.Test;

// One client per CA, cheap sessions per account: what the sessions of a client share.
class AcmeClientTest extends MockCaTest {

    private AcmeClient client() {
        return AcmeClient.builder(ca.directoryUrl())
                .allowInsecureHttpOnLoopback()
                .pollPolicy(MockCa.FAST_POLL)
                .retryPolicy(MockCa.FAST_RETRY)
                .build();
    }

    @Test
    void sessionsOfOneClientShareTheDirectoryAndTheNoncePool() throws Exception {
        AcmeClient client = client();
        Session first = client.session(AccountKey.of(TestKeys.ACCOUNT), ca.accountUrl());
        Session second = client.session(AccountKey.of(TestKeys.NEW_ACCOUNT), ca.url("/acme/acct/other"));
        ca.enqueueDirectoryAndNonce()
                .enqueueJson(200, ca.fixture("account.json"))
                .enqueueJson(200, ca.fixture("account.json"));

        first.fetchRegistration();
        second.fetchRegistration();

        ca.takeDirectoryAndNonce();
        SignedRequest a = takeSigned(MockCa.ACCOUNT);
        SignedRequest b = ca.takeSigned("/acme/acct/other", TestKeys.NEW_ACCOUNT.getPublic());
        // The second account used the nonce the first account's response carried: one directory
        // request and one newNonce for both.
        assertThat(ca.requestCount()).isEqualTo(4);
        assertThat(b.nonce()).isNotEqualTo(a.nonce());
        assertThat(client.statistics().httpRequests()).isEqualTo(4);
        assertThat(client.statistics().nonceRequests()).isEqualTo(1);
        assertThat(first.statistics()).isEqualTo(client.statistics());
    }

    @Test
    void eachSessionSignsWithItsOwnAccount() throws Exception {
        AcmeClient client = client();
        KeyPair other = TestKeys.NEW_ACCOUNT;
        Session first = client.session(AccountKey.of(TestKeys.ACCOUNT), ca.accountUrl());
        Session second = client.session(AccountKey.of(other));

        assertThat(first.client()).isSameAs(client);
        assertThat(second.client()).isSameAs(client);
        assertThat(first.accountUrl()).contains(ca.accountUrl());
        assertThat(second.accountUrl()).isEmpty();
        assertThat(second.accountKey().publicKey()).isEqualTo(other.getPublic());
    }

    @Test
    void theClientReadsTheDirectoryWithoutAnAccount() throws Exception {
        AcmeClient client = client();
        ca.enqueueDirectory();

        Directory directory = client.directory();
        // A session created afterwards uses the cached copy.
        Directory again = client.session(AccountKey.of(TestKeys.ACCOUNT)).directory();

        assertThat(again).isSameAs(directory);
        assertThat(ca.requestCount()).isEqualTo(1);
    }

    @Test
    void theDraftDialectHasNoDirectoryToShare() {
        AcmeClient draft = AcmeClient.builder(ca.url("/acme/new-reg")).dialect(Dialect.DRAFT_BARNES_ACME)
                .allowInsecureHttpOnLoopback().build();

        assertThatThrownBy(draft::directory).isInstanceOf(NotSupportedByServerException.class);
        assertThat(draft.session(AccountKey.of(TestKeys.ACCOUNT)).dialect()).isEqualTo(Dialect.DRAFT_BARNES_ACME);
    }

    @Test
    void anHttpClientAndConnectionSettingsAreNotBothAccepted() {
        AcmeClient.Builder builder = AcmeClient.builder(ca.directoryUrl())
                .httpClient(HttpClient.newHttpClient())
                .connectTimeout(java.time.Duration.ofSeconds(1));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("either an HttpClient");
    }

    @Test
    void theSessionBuilderIsShorthandForAClientAndItsSession() {
        Session s = sessionWith(b -> b);

        assertThat(s.client().serverUrl()).isEqualTo(ca.directoryUrl());
        assertThat(s.serverUrl()).isEqualTo(ca.directoryUrl());
        assertThat(s.accountUrl()).contains(ca.accountUrl());
    }
}
