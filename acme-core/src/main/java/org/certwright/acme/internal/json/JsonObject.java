package org.certwright.acme.internal.json;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.certwright.acme.problem.AcmeProtocolException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A JSON object read from a CA, with typed accessors that fail with an
 * {@link AcmeProtocolException} naming the request and the exact member that was wrong, so that
 * no Jackson exception or {@code NullPointerException} reaches a caller.
 *
 * <p>A member whose value is JSON {@code null} counts as absent.
 */
public final class JsonObject {

    private final JsonNode node;
    private final Origin origin;
    private final String path;

    /** The request whose response is being read, for error messages. */
    public record Origin(String what, String method, URI url, int status) {
    }

    private JsonObject(JsonNode node, Origin origin, String path) {
        this.node = node;
        this.origin = origin;
        this.path = path;
    }

    /**
     * Parses a response body that must be a JSON object.
     *
     * @param what what the body should be, for messages ("order", "directory")
     */
    public static JsonObject parse(byte[] body, Origin origin) throws AcmeProtocolException {
        return parse(body, origin, Optional.empty());
    }

    /**
     * Parses a response body that must be a JSON object or, when {@code arrayMember} is given, a
     * bare JSON array, read as an object whose only member of that name holds it (step-ca sends an
     * account's order list as a bare array of URLs).
     */
    public static JsonObject parse(byte[] body, Origin origin, Optional<String> arrayMember)
            throws AcmeProtocolException {
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (Json.JsonSyntaxException e) {
            throw new AcmeProtocolException("the " + origin.what() + " is not valid JSON: " + e.getMessage(),
                    origin.method(), origin.url(), origin.status(), e);
        }
        if (node.isArray() && arrayMember.isPresent()) {
            node = JsonNodeFactory.instance.objectNode().set(arrayMember.get(), node);
        }
        if (!node.isObject()) {
            throw new AcmeProtocolException("the " + origin.what() + " is not a JSON object",
                    origin.method(), origin.url(), origin.status());
        }
        return new JsonObject(node, origin, "");
    }

    /** Whether the member is present and not {@code null}. */
    public boolean has(String name) {
        return node.hasNonNull(name);
    }

    /** The names of all members. */
    public Set<String> names() {
        return Set.copyOf(node.propertyNames());
    }

    /** A required string member. */
    public String requiredString(String name) throws AcmeProtocolException {
        return string(name).orElseThrow(() -> missing(name));
    }

    /** An optional string member. */
    public Optional<String> string(String name) throws AcmeProtocolException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isString()) {
            throw wrongType(name, "a string");
        }
        return Optional.of(v.stringValue());
    }

    /** A required absolute URL member. */
    public URI requiredUri(String name) throws AcmeProtocolException {
        return uri(name).orElseThrow(() -> missing(name));
    }

    /** An optional absolute URL member. */
    public Optional<URI> uri(String name) throws AcmeProtocolException {
        Optional<String> s = string(name);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toUri(name, s.get()));
    }

    /** An optional RFC 3339 timestamp member. */
    public Optional<Instant> instant(String name) throws AcmeProtocolException {
        Optional<String> s = string(name);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(s.get(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            throw error("member '" + qualified(name) + "' is not an RFC 3339 timestamp: '" + s.get() + "'");
        }
    }

    /** An optional boolean member. */
    public Optional<Boolean> bool(String name) throws AcmeProtocolException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw wrongType(name, "a boolean");
        }
        return Optional.of(v.booleanValue());
    }

    /** An optional integer member that fits an {@code int}. */
    public OptionalInt integer(String name) throws AcmeProtocolException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return OptionalInt.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(name, "an integer");
        }
        return OptionalInt.of(v.intValue());
    }

    /** An optional object member. */
    public Optional<JsonObject> object(String name) throws AcmeProtocolException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw wrongType(name, "an object");
        }
        return Optional.of(new JsonObject(v, origin, qualified(name)));
    }

    /** A required object member. */
    public JsonObject requiredObject(String name) throws AcmeProtocolException {
        return object(name).orElseThrow(() -> missing(name));
    }

    /** An array member of strings; empty when absent. */
    public List<String> stringList(String name) throws AcmeProtocolException {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array(name)) {
            if (!v.isString()) {
                throw wrongType(name, "an array of strings");
            }
            out.add(v.stringValue());
        }
        return List.copyOf(out);
    }

    /** An array member of absolute URLs; empty when absent. */
    public List<URI> uriList(String name) throws AcmeProtocolException {
        List<URI> out = new ArrayList<>();
        for (String s : stringList(name)) {
            out.add(toUri(name, s));
        }
        return List.copyOf(out);
    }

    /** An array member of objects; empty when absent. */
    public List<JsonObject> objectList(String name) throws AcmeProtocolException {
        List<JsonObject> out = new ArrayList<>();
        int i = 0;
        for (JsonNode v : array(name)) {
            if (!v.isObject()) {
                throw wrongType(name, "an array of objects");
            }
            out.add(new JsonObject(v, origin, qualified(name) + "[" + i++ + "]"));
        }
        return List.copyOf(out);
    }

    /** An array of arrays of integers (the draft's {@code combinations}); empty when absent. */
    public List<List<Integer>> intListList(String name) throws AcmeProtocolException {
        List<List<Integer>> out = new ArrayList<>();
        for (JsonNode row : array(name)) {
            if (!row.isArray()) {
                throw wrongType(name, "an array of arrays of integers");
            }
            List<Integer> ints = new ArrayList<>();
            for (JsonNode v : row) {
                if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                    throw wrongType(name, "an array of arrays of integers");
                }
                ints.add(v.intValue());
            }
            out.add(List.copyOf(ints));
        }
        return List.copyOf(out);
    }

    /** Every member of an object member as plain Java values, for maps such as {@code meta.profiles}. */
    public Map<String, Object> members() {
        return toJava(node);
    }

    /** The members not in {@code known}, as plain Java values: what this library does not model. */
    public Map<String, Object> otherFields(Set<String> known) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!known.contains(e.getKey()) && !e.getValue().isNull()) {
                out.put(e.getKey(), javaValue(e.getValue()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** An error about this object, naming the request. */
    public AcmeProtocolException error(String message) {
        return new AcmeProtocolException("invalid " + origin.what() + ": " + message,
                origin.method(), origin.url(), origin.status());
    }

    /**
     * An error about one member of this object, naming it with its path from the top of the
     * response ({@code challenges[1].token}).
     *
     * @param name  the member
     * @param fault what is wrong with it, completing "member 'name' ..."
     */
    public AcmeProtocolException invalidMember(String name, String fault) {
        return error("member '" + qualified(name) + "' " + fault);
    }

    /** The JSON text of this object, for storing a snapshot. */
    @Override
    public String toString() {
        return node.toString();
    }

    private Iterable<JsonNode> array(String name) throws AcmeProtocolException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw wrongType(name, "an array");
        }
        return v;
    }

    private URI toUri(String name, String s) throws AcmeProtocolException {
        try {
            URI uri = new URI(s);
            if (!uri.isAbsolute()) {
                throw error("member '" + qualified(name) + "' is not an absolute URL: '" + s + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw error("member '" + qualified(name) + "' is not a URL: '" + s + "'");
        }
    }

    private String qualified(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private AcmeProtocolException missing(String name) {
        return error("required member '" + qualified(name) + "' is missing");
    }

    private AcmeProtocolException wrongType(String name, String expected) {
        return error("member '" + qualified(name) + "' is not " + expected);
    }

    private static Map<String, Object> toJava(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (!e.getValue().isNull()) {
                out.put(e.getKey(), javaValue(e.getValue()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object javaValue(JsonNode v) {
        if (v.isObject()) {
            return toJava(v);
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode item : v) {
                // A null element stays a null element: dropping it would shift the positions of the rest.
                list.add(item.isNull() ? null : javaValue(item));
            }
            return Collections.unmodifiableList(list);
        }
        if (v.isString()) {
            return v.stringValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue();
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        return v.toString();
    }
}
