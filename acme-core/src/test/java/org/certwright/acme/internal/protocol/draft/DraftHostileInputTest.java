package org.certwright.acme.internal.protocol.draft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.certwright.acme.internal.http.Response;
import org.certwright.acme.problem.AcmeProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The draft's tokens are content (the simpleHttps file, the dns TXT record), never a path: the
 * draft asks only for ASCII, and its examples use standard base64 with {@code +}. What cannot be
 * served as such content is refused when parsed.
 */
class DraftHostileInputTest {

    private static final URI URL = URI.create("https://ca.example/acme/authz/1");

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "caf\u00e9", "line\nbreak", "tab\tbed", "nul\u0000"})
    void aTokenThatIsNotPrintableAsciiIsRefused(String token) {
        assertThatThrownBy(() -> DraftParser.challenge(response(challenge(token)), URL))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("token")
                .hasMessageContaining(URL.toString());
    }

    @Test
    void aTokenTooLongForATxtRecordIsRefused() {
        assertThatThrownBy(() -> DraftParser.challenge(response(challenge("a".repeat(256))), URL))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("256 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ+PCt92wr+oA", "IlirfxKKXAsHtmzK29Pj8A", "abc=",
            "23029d88d9e123e"})
    void theDraftsOwnTokensAreAccepted(String token) throws Exception {
        assertThat(DraftParser.challenge(response(challenge(token)), URL).token()).contains(token);
    }

    @Test
    void tokensInsideAnAuthorizationAreChecked() {
        String body = """
                {"identifier": {"type": "domain", "value": "example.com"},
                 "challenges": [{"type": "simpleHttps", "uri": "https://ca.example/c/1", "token": "bad token"}]}""";

        assertThatThrownBy(() -> DraftParser.authorization(response(body), URL))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("challenges[0].token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "not a name", "::1"})
    void aMalformedIdentifierIsAProtocolError(String value) {
        String body = """
                {"identifier": {"type": "domain", "value": "%s"}, "challenges": []}""".formatted(value);

        assertThatThrownBy(() -> DraftParser.authorization(response(body), URL))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("identifier");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2015-02-30", "tomorrow", "2015-03-01T25:00Z"})
    void aBadDateIsAProtocolError(String date) {
        String body = """
                {"identifier": {"type": "dns", "value": "example.com"}, "expires": "%s"}""".formatted(date);

        assertThatThrownBy(() -> DraftParser.authorization(response(body), URL))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("expires");
    }

    private static String challenge(String token) {
        StringBuilder escaped = new StringBuilder();
        for (char c : token.toCharArray()) {
            escaped.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return "{\"type\": \"simpleHttps\", \"uri\": \"https://ca.example/c/1\", \"token\": \"" + escaped + "\"}";
    }

    private static Response response(String body) {
        HttpHeaders headers = HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (n, v) -> true);
        return new Response("GET", URL, 200, headers, body.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
    }
}
