package org.certwright.acme.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the flat JSON lines the client runs print (string and number members only). */
final class Json {

    private Json() {
    }

    static Map<String, String> flat(String line) {
        Map<String, String> members = new LinkedHashMap<>();
        String body = line.strip();
        body = body.substring(1, body.length() - 1);
        for (String member : body.split(",")) {
            String[] kv = member.split(":", 2);
            members.put(unquote(kv[0]), unquote(kv[1]));
        }
        return members;
    }

    private static String unquote(String s) {
        String t = s.strip();
        return t.startsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }
}
