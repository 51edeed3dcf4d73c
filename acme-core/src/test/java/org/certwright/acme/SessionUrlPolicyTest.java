package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.certwright.acme.problem.AcmeNetworkException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

// RFC 8555 §6.1: HTTPS only. Plain HTTP is allowed to loopback addresses, and only on request.
class SessionUrlPolicyTest extends MockCaTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void plainHttpToAnotherHostIsRefusedBeforeAnyRequest(boolean optIn) {
        // Were a request attempted, this unresolvable name would fail as an AcmeNetworkException.
        Session.Builder b = Session.builder(URI.create("http://acme.invalid/directory"), TestKeys.ACCOUNT);
        Session s = (optIn ? b.allowInsecureHttpOnLoopback() : b).build();

        assertThatThrownBy(s::directory)
                .isExactlyInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("plain HTTP is refused")
                .hasMessageContaining("GET http://acme.invalid/directory");
    }

    @ParameterizedTest
    @CsvSource({"ftp://127.0.0.1/directory, unsupported URL scheme", "file:///etc/passwd, URL has no host"})
    void otherSchemesAreRefused(String url, String message) {
        Session s = Session.builder(URI.create(url), TestKeys.ACCOUNT).allowInsecureHttpOnLoopback().build();

        assertThatThrownBy(s::directory).isExactlyInstanceOf(AcmeProtocolException.class).hasMessageContaining(message);
    }

    @Test
    void plainHttpToLoopbackNeedsTheOptIn() {
        Session s = Session.builder(ca.directoryUrl(), TestKeys.ACCOUNT).build();

        assertThatThrownBy(s::directory).isExactlyInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("plain HTTP is refused");
        assertThat(ca.requestCount()).isZero();
    }

    @Test
    void urlsFromTheCaAreCheckedToo() {
        ca.directory(d -> d.with("newNonce", "http://acme.invalid/new-nonce")).enqueueDirectory();

        assertThatThrownBy(() -> session.fetchRegistration())
                .isExactlyInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("HEAD http://acme.invalid/new-nonce");
        assertThat(ca.requestCount()).isOne();
    }

    @Test
    void httpsPassesThePolicyAndTlsIsVerified() {
        // The mock CA speaks plain HTTP, so the TLS handshake fails: the request was allowed and sent.
        URI https = URI.create("https://" + ca.directoryUrl().getAuthority() + MockCa.DIRECTORY);
        Session s = Session.builder(https, TestKeys.ACCOUNT).retryPolicy(RetryPolicy.NONE).build();

        assertThatThrownBy(s::directory)
                .isExactlyInstanceOf(AcmeNetworkException.class)
                .hasMessageContaining("GET " + https);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ALWAYS", "NORMAL"})
    void aClientThatFollowsRedirectsIsRefused(String policy) {
        java.net.http.HttpClient following = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.valueOf(policy)).build();

        assertThatThrownBy(() -> Session.builder(ca.directoryUrl(), TestKeys.ACCOUNT).httpClient(following))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Redirect.NEVER")
                .hasMessageContaining(policy);
    }

    @Test
    void aRedirectIsNotFollowedEvenByAClientThatWould() throws Exception {
        // The transport is the second line of defence: whatever client it is given, a response
        // reached through a redirect is refused rather than trusted.
        java.net.http.HttpClient following = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.ALWAYS).build();
        org.certwright.acme.internal.http.HttpTransport transport = new org.certwright.acme.internal.http.HttpTransport(
                new org.certwright.acme.internal.http.HttpTransport.Config(following, "test",
                        java.util.Optional.empty(), java.time.Duration.ofSeconds(10), 1 << 20, 100, true,
                        java.time.Clock.systemUTC(), AcmeEventListener.NONE),
                new org.certwright.acme.internal.http.NoncePool(8));
        ca.enqueue(new mockwebserver3.MockResponse.Builder().code(302)
                .addHeader("Location", ca.url("/elsewhere").toString()).build());
        ca.enqueueDirectory();

        assertThatThrownBy(() -> transport.get(ca.directoryUrl(), "application/json"))
                .isExactlyInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("redirect")
                .hasMessageContaining(ca.url("/elsewhere").toString());
    }
}
