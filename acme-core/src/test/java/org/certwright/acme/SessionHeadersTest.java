package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

// RFC 8555 §6.1: clients send User-Agent (MUST) and Accept-Language (SHOULD); §6.2: JWS bodies
// are application/jose+json.
class SessionHeadersTest extends MockCaTest {

    /** Directory, nonce, a POST and an unauthenticated GET: one request of every kind. */
    private List<RecordedRequest> everyKindOfRequest(Session s) throws Exception {
        ca.withRenewalInfo().enqueueDirectoryAndNonce()
                .enqueueJson(200, ca.fixture("account.json"))
                .enqueueJson(200, JsonDoc.of(Map.of("suggestedWindow",
                        Map.of("start", "2025-01-02T04:00:00Z", "end", "2025-01-03T04:00:00Z"))));
        s.fetchRegistration();
        s.renewalInfo(new CertificateId("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"));
        List<RecordedRequest> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(ca.take());
        }
        assertThat(requests).extracting(RecordedRequest::getMethod).containsExactly("GET", "HEAD", "POST", "GET");
        return requests;
    }

    @Test
    void everyRequestNamesTheCallerThenTheLibrary() throws Exception {
        Session s = sessionWith(b -> b.userAgent("myapp/2.1").acceptLanguage(Locale.forLanguageTag("de-CH")));

        for (RecordedRequest r : everyKindOfRequest(s)) {
            assertThat(r.getHeaders().get("User-Agent")).startsWith("myapp/2.1 ").contains("Certwright/");
            assertThat(r.getHeaders().get("Accept-Language")).isEqualTo("de-CH");
        }
    }

    @Test
    void withoutAProductTokenTheLibraryNamesItselfAndNoLanguageIsSent() throws Exception {
        for (RecordedRequest r : everyKindOfRequest(session)) {
            assertThat(r.getHeaders().get("User-Agent")).startsWith("Certwright/");
            assertThat(r.getHeaders().get("Accept-Language")).isNull();
        }
    }

    @Test
    void postsCarryTheJoseContentType() throws Exception {
        List<RecordedRequest> requests = everyKindOfRequest(session);

        assertThat(requests.get(2).getHeaders().get("Content-Type")).isEqualTo("application/jose+json");
        assertThat(requests).filteredOn(r -> !r.getMethod().equals("POST"))
                .allSatisfy(r -> assertThat(r.getHeaders().get("Content-Type")).isNull());
    }

    @Test
    void aProductTokenWithControlCharactersIsRefused() {
        assertThatThrownBy(() -> ca.sessionBuilder(TestKeys.ACCOUNT).userAgent("myapp/2.1\r\nX-Evil: 1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
