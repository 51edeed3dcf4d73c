package org.certwright.acme.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.certwright.acme.Authorization;
import org.certwright.acme.internal.http.Response;
import org.certwright.acme.problem.AcmeProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile or broken CA can put into a resource becomes an {@link AcmeProtocolException}
 * naming the request and the member, at parse time, never a raw unchecked exception later.
 */
class Rfc8555HostileInputTest {

    private static final URI URL = URI.create("https://ca.example/acme/authz/1");
    private static final String GOOD_TOKEN = "DGyRejmCefe7v4NfDGDKfA";

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "a/b", "tok en", "tok.en", "padded==", "plus+slash/",
            "caf\u00e9", "line\nbreak", ""})
    void aTokenOutsideTheBase64UrlAlphabetIsRefused(String token) {
        assertThatThrownBy(() -> Rfc8555Parser.challenge(response(challenge("http-01", token))))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("token")
                .hasMessageContaining("base64url")
                .hasMessageContaining(URL.toString());
    }

    @Test
    void aTokenTooLongForAFileNameIsRefused() {
        assertThatThrownBy(() -> Rfc8555Parser.challenge(response(challenge("http-01", "a".repeat(256)))))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("token")
                .hasMessageContaining("256 characters");
    }

    @Test
    void tokensOfEveryChallengeTypeAreChecked() {
        assertThatThrownBy(() -> Rfc8555Parser.challenge(response(challenge("future-01", "../x"))))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("token");
    }

    @Test
    void tokensInsideAnAuthorizationAreChecked() {
        String body = """
                {"status": "pending", "identifier": {"type": "dns", "value": "example.org"},
                 "challenges": [%s, %s]}""".formatted(challenge("dns-01", GOOD_TOKEN), challenge("http-01", "../../x"));

        assertThatThrownBy(() -> Rfc8555Parser.authorization(response(body), URL))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("challenges[1].token")
                .hasMessageContaining(URL.toString());
    }

    @Test
    void goodAndShortTokensAreAccepted() throws Exception {
        // 128 bits is a SHOULD of RFC 8555 §8.3, the CA's own protection: a short token is kept.
        assertThat(Rfc8555Parser.challenge(response(challenge("http-01", GOOD_TOKEN))).token()).contains(GOOD_TOKEN);
        assertThat(Rfc8555Parser.challenge(response(challenge("http-01", "a-_9"))).token()).contains("a-_9");
        assertThat(Rfc8555Parser.challenge(response(challenge("http-01", "a".repeat(255)))).token()).isPresent();
    }

    @Test
    void aWildcardAuthorizationForAnIpAddressIsRefused() {
        String body = """
                {"status": "pending", "wildcard": true, "identifier": {"type": "ip", "value": "192.0.2.1"},
                 "challenges": []}""";

        assertThatThrownBy(() -> Rfc8555Parser.authorization(response(body), URL))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("wildcard")
                .hasMessageContaining("ip:192.0.2.1");
    }

    @Test
    void aWildcardAuthorizationWhoseNameIsAlreadyAWildcardIsRefused() {
        String body = """
                {"status": "pending", "wildcard": true, "identifier": {"type": "dns", "value": "*.example.org"},
                 "challenges": []}""";

        assertThatThrownBy(() -> Rfc8555Parser.authorization(response(body), URL))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("wildcard");
    }

    @Test
    void aWildcardAuthorizationGivesTheOrderedName() throws Exception {
        String body = """
                {"status": "pending", "wildcard": true, "identifier": {"type": "dns", "value": "example.org"},
                 "challenges": []}""";

        Authorization authz = Rfc8555Parser.authorization(response(body), URL);

        assertThat(authz.orderedIdentifier().value()).isEqualTo("*.example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "exa mple.org", "-bad.example", "a..b", ""})
    void aMalformedIdentifierInAnOrderIsAProtocolError(String value) {
        String body = """
                {"status": "pending", "identifiers": [{"type": "dns", "value": "%s"}],
                 "authorizations": [], "finalize": "https://ca.example/acme/order/1/finalize"}""".formatted(value);

        assertThatThrownBy(() -> Rfc8555Parser.order(response(body), URL))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("identifier")
                .hasMessageContaining(URL.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2016-13-45T00:00:00Z", "yesterday", "2016-01-01", "2016-01-01T25:00:00+00:00"})
    void aBadDateIsAProtocolErrorNamingTheMember(String date) {
        String body = challenge("http-01", GOOD_TOKEN).replace("}", ", \"validated\": \"" + date + "\"}");

        assertThatThrownBy(() -> Rfc8555Parser.challenge(response(body)))
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("validated")
                .hasMessageContaining(date);
    }

    private static String challenge(String type, String token) {
        return "{\"type\": \"" + type + "\", \"url\": \"https://ca.example/acme/chall/1\", \"status\": \"pending\", "
                + "\"token\": \"" + token.replace("\\", "\\\\").replace("\n", "\\n") + "\"}";
    }

    private static Response response(String body) {
        HttpHeaders headers = HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (n, v) -> true);
        return new Response("POST", URL, 200, headers, body.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
    }
}
