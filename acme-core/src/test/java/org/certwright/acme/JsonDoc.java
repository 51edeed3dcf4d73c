package org.certwright.acme;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON object for test fixtures: parsed from an RFC example, changed member by member
 * ({@code with}, {@code without}, dotted paths for nested objects), written back as JSON.
 * Every change returns a new document; the original stays as it was.
 */
final class JsonDoc {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final Map<String, Object> members;

    private JsonDoc(Map<String, Object> members) {
        this.members = members;
    }

    static JsonDoc parse(String json) {
        return new JsonDoc(MAPPER.readValue(json, OBJECT));
    }

    static JsonDoc of(Map<String, ?> members) {
        return parse(MAPPER.writeValueAsString(members));
    }

    /** Parses any JSON object text into a map, for assertions on what the client sent. */
    static Map<String, Object> toMap(String json) {
        return MAPPER.readValue(json, OBJECT);
    }

    /** This document with {@code path} (a member name, or names joined by dots) set to {@code value}. */
    JsonDoc with(String path, Object value) {
        Map<String, Object> copy = toMap(toString());
        Map<String, Object> parent = parentOf(copy, path, true);
        parent.put(lastName(path), value);
        return of(copy);
    }

    /** This document without the member at {@code path}. */
    JsonDoc without(String path) {
        Map<String, Object> copy = toMap(toString());
        Map<String, Object> parent = parentOf(copy, path, false);
        if (parent != null) {
            parent.remove(lastName(path));
        }
        return of(copy);
    }

    /** The value at {@code path}, or null. */
    Object get(String path) {
        Map<String, Object> parent = parentOf(toMap(toString()), path, false);
        return parent == null ? null : parent.get(lastName(path));
    }

    Map<String, Object> asMap() {
        return toMap(toString());
    }

    @Override
    public String toString() {
        return MAPPER.writeValueAsString(members);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parentOf(Map<String, Object> root, String path, boolean create) {
        List<String> names = List.of(path.split("\\."));
        Map<String, Object> current = root;
        for (String name : names.subList(0, names.size() - 1)) {
            Object next = current.get(name);
            if (!(next instanceof Map)) {
                if (!create) {
                    return null;
                }
                next = new LinkedHashMap<String, Object>();
                current.put(name, next);
            }
            current = (Map<String, Object>) next;
        }
        return current;
    }

    private static String lastName(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
