package org.certwright.acme.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mutations of a JSON document for the parsers' property tests: the paths into it, and copies with
 * one value replaced or removed.
 */
public final class JsonMutations {

    /** The replacement that removes the member or element. */
    public static final Object REMOVE = new Object();

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonMutations() {
    }

    /** Every path into a JSON value: member names, and {@code #i} for array elements. */
    public static List<List<String>> paths(Object value, List<String> prefix) {
        List<List<String>> out = new ArrayList<>();
        if (value instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                List<String> p = new ArrayList<>(prefix);
                p.add((String) key);
                out.add(p);
                out.addAll(paths(map.get(key), p));
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                List<String> p = new ArrayList<>(prefix);
                p.add("#" + i);
                out.add(p);
                out.addAll(paths(list.get(i), p));
            }
        }
        return out;
    }

    /** A deep copy of {@code doc} with the value at {@code path} replaced, or removed for {@link #REMOVE}. */
    @SuppressWarnings("unchecked")
    public static Object replaced(Object doc, List<String> path, Object value) {
        Object copy = MAPPER.readValue(MAPPER.writeValueAsString(doc), Object.class);
        Object parent = copy;
        for (String step : path.subList(0, path.size() - 1)) {
            parent = step.startsWith("#") ? ((List<Object>) parent).get(Integer.parseInt(step.substring(1)))
                    : ((Map<String, Object>) parent).get(step);
        }
        String last = path.get(path.size() - 1);
        if (last.startsWith("#")) {
            List<Object> list = (List<Object>) parent;
            int i = Integer.parseInt(last.substring(1));
            if (value == REMOVE) {
                list.remove(i);
            } else {
                list.set(i, value);
            }
        } else if (value == REMOVE) {
            ((Map<String, Object>) parent).remove(last);
        } else {
            ((Map<String, Object>) parent).put(last, value);
        }
        return copy;
    }
}
