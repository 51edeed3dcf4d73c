package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.certwright.acme.problem.AcmeProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// RFC 8555 §7.1.1: the directory, fetched once and cached by HTTP caching rules.
class SessionDirectoryTest extends MockCaTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));

    private Session sessionWithClock(Duration refreshInterval) {
        return sessionWith(b -> b.clock(clock).directoryRefreshInterval(refreshInterval));
    }

    @Test
    void directoryIsFetchedOnceAcrossManyOperations() throws Exception {
        ca.enqueueDirectoryAndNonce()
                .enqueueJson(200, ca.fixture("account.json"))
                .enqueueJson(200, ca.fixture("order-pending.json"))
                .enqueueJson(200, ca.fixture("authorization-pending.json"));

        session.directory();
        session.fetchRegistration();
        Order order = session.fetch(Link.order(ca.url(MockCa.ORDER)));
        session.fetch(order.authorizations().get(0));
        session.directory();

        ca.takeDirectoryAndNonce();
        takeSigned(MockCa.ACCOUNT);
        takeSigned(MockCa.ORDER);
        takeSigned(MockCa.AUTHZ);
        assertThat(ca.requestCount()).isEqualTo(5);
    }

    @Test
    void readsTheRfcExampleDirectory() throws Exception {
        ca.enqueueDirectory();

        Directory d = session.directory();

        assertThat(d.url()).isEqualTo(ca.directoryUrl());
        assertThat(d.newNonce()).contains(ca.url(MockCa.NEW_NONCE));
        assertThat(d.newAccount()).isEqualTo(ca.url(MockCa.NEW_ACCOUNT));
        assertThat(d.newOrder()).contains(ca.url(MockCa.NEW_ORDER));
        assertThat(d.newAuthz()).contains(ca.url(MockCa.NEW_AUTHZ));
        assertThat(d.revokeCert()).contains(ca.url(MockCa.REVOKE_CERT));
        assertThat(d.keyChange()).contains(ca.url(MockCa.KEY_CHANGE));
        assertThat(d.renewalInfo()).isEmpty();
        assertThat(d.meta().termsOfService()).contains(ca.url("/acme/terms/2017-5-30"));
        assertThat(d.meta().website()).contains(URI.create("https://www.example.com/"));
        assertThat(d.meta().caaIdentities()).containsExactly("example.com");
        assertThat(d.meta().externalAccountRequired()).isFalse();
    }

    @Test
    void extensionMetaFieldsAreReadAndUnknownMembersKept() throws Exception {
        ca.withRenewalInfo().directory(d -> d
                .with("meta.externalAccountRequired", true)
                .with("meta.profiles", Map.of("classic", "The same profile as always",
                        "shortlived", "https://example.com/docs/shortlived"))
                .with("meta.subdomainAuthAllowed", true)
                .with("meta.auto-renewal", Map.of("min-lifetime", 86400))
                .with("newStarOrder", "https://example.com/acme/new-star-order"));
        ca.enqueueDirectory();

        Directory d = session.directory();

        assertThat(d.renewalInfo()).contains(ca.url(MockCa.RENEWAL_INFO));
        assertThat(d.meta().externalAccountRequired()).isTrue();
        assertThat(d.meta().profiles()).containsOnly(Map.entry("classic", "The same profile as always"),
                Map.entry("shortlived", "https://example.com/docs/shortlived"));
        assertThat(d.meta().subdomainAuthAllowed()).isTrue();
        assertThat(d.meta().otherFields()).containsOnly(Map.entry("auto-renewal", Map.of("min-lifetime", 86400L)));
        assertThat(d.otherFields()).containsOnly(Map.entry("newStarOrder", "https://example.com/acme/new-star-order"));
    }

    @Test
    void positiveMaxAgeIsHonouredThenRevalidatedWithTheETag() throws Exception {
        Session s = sessionWithClock(Duration.ofHours(1));
        ca.enqueueDirectory("Cache-Control", "public, max-age=60", "ETag", "\"v1\"");
        Directory first = s.directory();

        clock.advance(Duration.ofSeconds(59));
        assertThat(s.directory()).isSameAs(first);
        assertThat(ca.requestCount()).isOne();

        clock.advance(Duration.ofSeconds(2));
        ca.enqueue(new MockResponse.Builder().code(304).addHeader("Cache-Control", "max-age=60").build());
        assertThat(s.directory()).isEqualTo(first);

        ca.take("GET", MockCa.DIRECTORY);
        assertThat(ca.take("GET", MockCa.DIRECTORY).getHeaders().get("If-None-Match")).isEqualTo("\"v1\"");
        clock.advance(Duration.ofSeconds(59));
        s.directory();
        assertThat(ca.requestCount()).as("a 304 makes the cached copy fresh again").isEqualTo(2);
    }

    @Test
    void aChangedDirectoryReplacesTheCachedOne() throws Exception {
        Session s = sessionWithClock(Duration.ofHours(1));
        ca.enqueueDirectory("Cache-Control", "max-age=60", "Last-Modified", "Sat, 28 Nov 2026 11:00:00 GMT");
        s.directory();
        clock.advance(Duration.ofSeconds(61));
        ca.directory(d -> d.with("newOrder", ca.url("/acme/new-order-v2").toString())).enqueueDirectory();

        assertThat(s.directory().newOrder()).contains(ca.url("/acme/new-order-v2"));

        ca.take();
        assertThat(ca.take().getHeaders().get("If-Modified-Since")).isEqualTo("Sat, 28 Nov 2026 11:00:00 GMT");
    }

    @Test
    void noCacheUsesTheBuildersRefreshInterval() throws Exception {
        Session s = sessionWithClock(Duration.ofMinutes(10));
        ca.enqueueDirectory("Cache-Control", "max-age=0, no-cache");
        s.directory();

        clock.advance(Duration.ofMinutes(9));
        s.directory();
        assertThat(ca.requestCount()).isOne();

        clock.advance(Duration.ofMinutes(2));
        ca.enqueueDirectory();
        s.directory();
        assertThat(ca.requestCount()).isEqualTo(2);
    }

    @Test
    void aFailingRefreshFallsBackToTheCachedCopy() throws Exception {
        Session s = sessionWithClock(Duration.ofHours(1));
        ca.enqueueDirectory("Cache-Control", "max-age=60");
        Directory cached = s.directory();
        clock.advance(Duration.ofSeconds(61));
        ca.enqueue(new MockResponse.Builder().code(404).addHeader("Content-Type", "text/html")
                .body("<html>gone fishing</html>").build());

        assertThat(s.directory()).isSameAs(cached);
        assertThat(ca.requestCount()).isEqualTo(2);

        // The failure is not retried on every call, but again after a minute.
        clock.advance(Duration.ofSeconds(59));
        assertThat(s.directory()).isSameAs(cached);
        assertThat(ca.requestCount()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(2));
        ca.enqueueDirectory();
        s.directory();
        assertThat(ca.requestCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"newNonce", "newAccount", "newOrder"})
    void aMissingRequiredEndpointIsNamed(String member) {
        ca.directory(d -> d.without(member)).enqueueDirectory();

        assertThatThrownBy(() -> session.directory())
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("'" + member + "'")
                .hasMessageContaining("GET " + ca.directoryUrl() + " -> HTTP 200");
    }

    @Test
    void aDirectoryThatCannotBeFetchedIsAnErrorWhenNothingIsCached() {
        ca.enqueueProblem(503, "serverInternal", "down for maintenance")
                .enqueueProblem(503, "serverInternal", "down for maintenance")
                .enqueueProblem(503, "serverInternal", "down for maintenance");

        assertThatThrownBy(() -> session.directory())
                .hasMessageContaining("down for maintenance")
                .hasMessageContaining("GET " + ca.directoryUrl() + " -> HTTP 503");
        assertThat(ca.requestCount()).as("first try and two transient retries").isEqualTo(3);
        assertThat(List.of(session.statistics().otherRetries())).containsExactly(2L);
    }
}
