package org.certwright.acme.internal.protocol.draft;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.certwright.acme.internal.http.Response;
import org.certwright.acme.internal.protocol.JsonMutations;
import org.certwright.acme.problem.AcmeProtocolException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever JSON a draft-barnes-acme CA sends, the draft parser returns a resource or throws an
 * {@link AcmeProtocolException} naming the request. The inputs are arbitrary text and the
 * draft's own examples (-01 dictionary and -02 array forms) with one member removed or replaced.
 */
class DraftParserPropertiesTest {

    private static final URI URL = URI.create("https://ca.example/acme/authz/1");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** The draft's examples, made well-formed JSON. */
    private static final List<String> EXAMPLES = List.of(
            """
            {"status": "valid", "expires": "2015-03-01",
             "identifier": {"type": "domain", "value": "example.org"},
             "challenges": {
               "simpleHttps": {"status": "valid", "validated": "2014-12-01T12:05Z",
                               "token": "IlirfxKKXAsHtmzK29Pj8A", "path": "Hf5GrX4Q7EBax9hc2jJnfw"},
               "recoveryToken": {"status": "valid", "validated": "2014-12-01T12:07Z", "token": "23029d88d9e123e"}}}
            """,
            """
            {"status": "pending", "identifier": {"type": "dns", "value": "example.org"},
             "challenges": [
               {"type": "simpleHttps", "uri": "https://ca.example/c/1", "token": "IlirfxKKXAsHtmzK29Pj8A"},
               {"type": "dns", "uri": "https://ca.example/c/2", "token": "DGyRejmCefe7v4NfDGDKfA"},
               {"type": "recoveryToken", "uri": "https://ca.example/c/3"}],
             "combinations": [[0, 2], [1, 2]]}
            """,
            """
            {"type": "simpleHttps", "uri": "https://ca.example/c/1", "status": "invalid",
             "token": "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ+PCt92wr+oA",
             "error": {"type": "urn:acme:error:unauthorized", "detail": "no"}}
            """,
            """
            {"key": {"kty": "EC"}, "contact": ["mailto:cert-admin@example.com", "tel:+12025551212"],
             "agreement": "https://example.com/acme/terms", "recoveryToken": "uV2Aph7-sghuCcFVmvsiZw"}
            """);

    @FunctionalInterface
    private interface Parse {
        Object parse(Response r) throws AcmeProtocolException;
    }

    private static final List<Parse> PARSERS = List.of(
            r -> DraftParser.authorization(r, URL),
            r -> DraftParser.authorization(r, URL).orderedIdentifier(),
            r -> DraftParser.challenge(r, URL),
            r -> DraftParser.registration(r, URL));

    @Property(tries = 2000)
    void everyResourceIsParsedOrRefusedWithAProtocolError(@ForAll("bodies") String body) {
        Response response = response(body);
        for (Parse parser : PARSERS) {
            try {
                parser.parse(response);
            } catch (AcmeProtocolException e) {
                assertThat(e).hasMessageContaining("(GET " + URL + " -> HTTP 200)");
            }
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.strings().ofMaxLength(200)),
                Tuple.of(4, mutatedExamples()));
    }

    private static Arbitrary<String> mutatedExamples() {
        return Arbitraries.of(EXAMPLES).map(DraftParserPropertiesTest::read).flatMap(doc -> {
            List<List<String>> paths = JsonMutations.paths(doc, new ArrayList<>());
            return Arbitraries.integers().between(0, paths.size() - 1)
                    .flatMap(i -> values().map(v -> MAPPER.writeValueAsString(
                            JsonMutations.replaced(doc, paths.get(i), v))));
        });
    }

    private static Arbitrary<Object> values() {
        // Strings weigh most: they are what reaches identifiers, tokens and dates.
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(JsonMutations.REMOVE)),
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(1, Arbitraries.of(true, false).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.longs().map(Object.class::cast)),
                Tuple.of(4, Arbitraries.of("", "pending", "domain", "dns", "not a url", "https://ca.example/x", "2015-02-30",
                        "2015-03-01", "127.0.0.1", "*.example.org", "../../etc/passwd", "a b", "caf\u00e9",
                        "x".repeat(300)).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.just(List.of())),
                Tuple.of(1, Arbitraries.just(List.of(List.of(7)))),
                Tuple.of(1, Arbitraries.just(List.of(1, "two"))),
                Tuple.of(1, Arbitraries.just(Map.of())),
                Tuple.of(1, Arbitraries.just(Map.of("type", "dns"))));
    }

    private static Map<String, Object> read(String json) {
        return MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    private static Response response(String body) {
        HttpHeaders headers = HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (n, v) -> true);
        return new Response("GET", URL, 200, headers, body.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
    }
}
