package org.certwright.acme.internal.json;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Jackson mapper of the library, configured to be strict about what it reads: duplicate
 * members, trailing data and deep nesting are errors, because a CA's JSON that is ambiguous is
 * safer refused than guessed at.
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32)
                            .maxStringLength(1 << 20)
                            .maxNumberLength(64)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /**
     * Parses a JSON document.
     *
     * @throws JsonSyntaxException if the bytes are not one well-formed JSON value
     */
    public static JsonNode parse(byte[] body) throws JsonSyntaxException {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new JsonSyntaxException(e.getOriginalMessage(), e);
        }
    }

    /** Serialises a payload built from maps, lists, strings, numbers and booleans. */
    public static byte[] write(Map<String, ?> payload) {
        return MAPPER.writeValueAsBytes(payload);
    }

    /** Serialises any JSON-compatible value to a string. */
    public static String writeString(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** The body is not well-formed JSON; the message says where. */
    public static final class JsonSyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        JsonSyntaxException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
