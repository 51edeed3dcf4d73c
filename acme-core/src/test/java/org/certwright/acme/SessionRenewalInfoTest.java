package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.NotSupportedByServerException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// RFC 9773 (ARI): renewal information is an unauthenticated GET of <renewalInfo>/<certID>.
class SessionRenewalInfoTest extends MockCaTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private static final X509Certificate LEAF = TestPki.shared().leaf(TestKeys.DOMAIN.getPublic(),
            List.of(Identifier.dns("example.org")));
    private static final CertificateId ID = CertificateId.of(LEAF);

    @BeforeEach
    void aCaWithAri() {
        session = sessionWith(b -> b.clock(new MutableClock(NOW)));
        ca.withRenewalInfo();
    }

    // The RFC 9773 §4.2 example response.
    private static JsonDoc window(String start, String end) {
        return JsonDoc.of(Map.of("suggestedWindow", Map.of("start", start, "end", end),
                "explanationURL", "https://acme.example.com/docs/ari"));
    }

    @Test
    void renewalInfoIsAnUnauthenticatedGetOfTheCertificateId() throws Exception {
        ca.enqueueDirectory().enqueueJson(200, window("2025-01-02T04:00:00Z", "2025-01-03T04:00:00Z"),
                "Retry-After", "21600");

        RenewalInfo info = session.renewalInfo(LEAF);

        assertThat(info.certificateId()).isEqualTo(ID);
        assertThat(info.windowStart()).isEqualTo(Instant.parse("2025-01-02T04:00:00Z"));
        assertThat(info.windowEnd()).isEqualTo(Instant.parse("2025-01-03T04:00:00Z"));
        assertThat(info.explanationUrl()).contains(URI.create("https://acme.example.com/docs/ari"));
        assertThat(info.retryAfter()).contains(NOW.plusSeconds(21600));
        ca.take("GET", MockCa.DIRECTORY);
        RecordedRequest get = ca.take("GET", MockCa.RENEWAL_INFO + "/" + ID.value());
        assertThat(get.getBodySize()).isZero();
        assertThat(get.getHeaders().get("Content-Type")).isNull();
        assertThat(ca.requestCount()).as("no nonce is needed").isEqualTo(2);
    }

    @Test
    void retryAfterMayBeAnHttpDate() throws Exception {
        ca.enqueueDirectory().enqueueJson(200, window("2025-01-02T04:00:00Z", "2025-01-03T04:00:00Z"),
                "Retry-After", "Wed, 01 Jan 2025 18:00:00 GMT");

        assertThat(session.renewalInfo(ID).retryAfter()).contains(Instant.parse("2025-01-01T18:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-01-02T04:00:00Z", "2025-01-01T04:00:00Z"})
    void aWindowThatDoesNotEndAfterItStartsIsAProtocolError(String end) {
        ca.enqueueDirectory().enqueueJson(200, window("2025-01-02T04:00:00Z", end));

        assertThatThrownBy(() -> session.renewalInfo(ID))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("suggestedWindow")
                .hasMessageContaining("GET " + ca.url(MockCa.RENEWAL_INFO + "/" + ID.value()) + " -> HTTP 200");
    }

    @Test
    void aCaWithoutRenewalInfoDoesNotSupportIt() {
        ca.directory(d -> d.without("renewalInfo")).enqueueDirectory();

        assertThatThrownBy(() -> session.renewalInfo(ID))
                .isInstanceOf(NotSupportedByServerException.class)
                .hasMessageContaining("renewalInfo");
        assertThat(ca.requestCount()).isOne();
    }
}
