package org.certwright.acme.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.certwright.acme.CertificateId;
import org.certwright.acme.internal.http.Response;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeProtocolException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever JSON a CA sends, the parser returns a resource or throws an
 * {@link AcmeProtocolException} naming the request; error responses always become an
 * {@link AcmeException}. The inputs are arbitrary text and the RFC 8555 example bodies with one
 * member removed or replaced by a value of another JSON type.
 */
class Rfc8555ParserPropertiesTest {

    private static final URI URL = URI.create("https://ca.example/acme/resource/1");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final List<String> FIXTURES = List.of("directory.json", "account.json", "orders-page.json",
            "order-pending.json", "order-valid.json", "authorization-pending.json", "authorization-valid.json",
            "challenge-http-01.json", "problem-subproblems.json", "problem-user-action-required.json");

    @FunctionalInterface
    private interface Parse {
        Object parse(Response r) throws AcmeProtocolException;
    }

    private static final List<Parse> PARSERS = List.of(
            Rfc8555Parser::directory,
            r -> Rfc8555Parser.registration(r, URL),
            Rfc8555Parser::orderList,
            r -> Rfc8555Parser.order(r, URL),
            r -> Rfc8555Parser.authorization(r, URL),
            // What a snapshot derives must not fail later with an unchecked exception either.
            r -> Rfc8555Parser.authorization(r, URL).orderedIdentifier(),
            Rfc8555Parser::challenge,
            r -> Rfc8555Parser.renewalInfo(r, new CertificateId("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE")));

    @Property
    void everyResourceIsParsedOrRefusedWithAProtocolError(@ForAll("bodies") String body) {
        Response response = response(200, "application/json", body);
        for (Parse parser : PARSERS) {
            try {
                parser.parse(response);
            } catch (AcmeProtocolException e) {
                assertThat(e).hasMessageContaining("(POST " + URL + " -> HTTP 200)");
            }
        }
    }

    @Property
    void everyErrorResponseBecomesAnAcmeException(@ForAll("bodies") String body, @ForAll("errorMediaTypes") String type) {
        AcmeException e = ProblemReader.toException(response(403, type, body));

        assertThat(e).hasMessageContaining("(POST " + URL + " -> HTTP 403)");
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.strings().ofMaxLength(200)),
                Tuple.of(1, Arbitraries.strings().withChars("{}[]\":,0123456789.-truefalsn \\u")
                        .ofMaxLength(60)),
                Tuple.of(4, mutatedFixtures()));
    }

    @Provide
    Arbitrary<String> errorMediaTypes() {
        return Arbitraries.of("application/problem+json", "application/json", "text/html", "",
                "application/problem+json; charset=utf-8");
    }

    private static Arbitrary<String> mutatedFixtures() {
        return Arbitraries.of(FIXTURES).map(Rfc8555ParserPropertiesTest::fixture).flatMap(doc -> {
            List<List<String>> paths = JsonMutations.paths(doc, new ArrayList<>());
            return Arbitraries.integers().between(0, paths.size() - 1)
                    .flatMap(i -> jsonValues().map(v -> MAPPER.writeValueAsString(
                            JsonMutations.replaced(doc, paths.get(i), v))));
        });
    }

    private static Arbitrary<Object> jsonValues() {
        return Arbitraries.oneOf(
                Arbitraries.just(JsonMutations.REMOVE),
                Arbitraries.just(null),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.of("", "pending", "not a url", "https://ca.example/x", "2016-01-01T00:00:00Z", "dns")
                        .map(Object.class::cast),
                // Hostile values: path traversal, IP literals where names belong, impossible dates.
                Arbitraries.of("../../etc/passwd", "127.0.0.1", "::1", "*.*.example.org", "*.example.org", "ip",
                        "2016-13-45T00:00:00Z", "a b", "caf\u00e9", "x".repeat(300), "-1", "1e400")
                        .map(Object.class::cast),
                Arbitraries.just(List.of()),
                Arbitraries.just(List.of(1, "two")),
                Arbitraries.just(Map.of()),
                Arbitraries.just(Map.of("type", "dns")));
    }

    /** Every member path of a JSON value, objects and array elements included. */
    private static Map<String, Object> fixture(String name) {
        try (InputStream in = Rfc8555ParserPropertiesTest.class.getResourceAsStream("/org/certwright/acme/rfc8555/" + name)) {
            return MAPPER.readValue(in.readAllBytes(), new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response response(int status, String contentType, String body) {
        HttpHeaders headers = HttpHeaders.of(contentType.isEmpty() ? Map.of() : Map.of("Content-Type", List.of(contentType)),
                (name, value) -> true);
        return new Response("POST", URL, status, headers, body.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
    }
}
