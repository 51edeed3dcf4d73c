package org.certwright.acme.internal.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A parser for RFC 8288 {@code Link} headers: several links per header and several headers,
 * parameters with token or quoted-string values, several relation types in one {@code rel}, and
 * relative targets resolved against the request URL.
 *
 * <p>Malformed links are skipped rather than failing the response: a server that garbles one
 * link should not make the others unreadable. The parse never throws.
 */
public final class LinkHeader {

    /**
     * One link.
     *
     * @param target the resolved target URL
     * @param params the parameters, names in lower case, values unquoted
     */
    public record Link(URI target, Map<String, String> params) {

        /** Creates a link; the map is copied. */
        public Link {
            params = Map.copyOf(params);
        }

        /** The relation types of this link ({@code rel} may hold several, space-separated). */
        public Set<String> relations() {
            String rel = params.get("rel");
            if (rel == null || rel.isBlank()) {
                return Set.of();
            }
            return Arrays.stream(rel.trim().split("\\s+"))
                    .map(r -> r.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        }

        /** Whether this link has the relation type (compared case-insensitively). */
        public boolean hasRelation(String relation) {
            return relations().contains(relation.toLowerCase(Locale.ROOT));
        }

        /** A parameter's value. */
        public Optional<String> param(String name) {
            return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private LinkHeader() {
    }

    /** Parses every {@code Link} header value, resolving relative targets against {@code base}. */
    public static List<Link> parse(List<String> headerValues, URI base) {
        List<Link> links = new ArrayList<>();
        for (String value : headerValues) {
            new Parser(value, base, links).parseAll();
        }
        return List.copyOf(links);
    }

    /** The targets of all links with the given relation, in header order. */
    public static List<URI> targets(List<Link> links, String relation) {
        return links.stream().filter(l -> l.hasRelation(relation)).map(Link::target).toList();
    }

    private static final class Parser {
        private final String s;
        private final URI base;
        private final List<Link> out;
        private int pos;

        Parser(String s, URI base, List<Link> out) {
            this.s = s;
            this.base = base;
            this.out = out;
        }

        void parseAll() {
            while (true) {
                skipWhitespace();
                if (pos >= s.length()) {
                    return;
                }
                if (!parseOne()) {
                    skipToNextLink();
                }
                skipWhitespace();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                } else if (pos < s.length()) {
                    skipToNextLink();
                }
            }
        }

        private boolean parseOne() {
            if (s.charAt(pos) != '<') {
                return false;
            }
            int end = s.indexOf('>', pos + 1);
            if (end < 0) {
                pos = s.length();
                return false;
            }
            String ref = s.substring(pos + 1, end).trim();
            pos = end + 1;
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                skipWhitespace();
                if (pos >= s.length() || s.charAt(pos) != ';') {
                    break;
                }
                pos++;
                skipWhitespace();
                String name = token();
                if (name.isEmpty()) {
                    return false;
                }
                skipWhitespace();
                String value = "";
                if (pos < s.length() && s.charAt(pos) == '=') {
                    pos++;
                    skipWhitespace();
                    if (pos < s.length() && s.charAt(pos) == '"') {
                        Optional<String> quoted = quotedString();
                        if (quoted.isEmpty()) {
                            return false;
                        }
                        value = quoted.get();
                    } else {
                        value = token();
                    }
                }
                // RFC 8288 §3.3: occurrences after the first "rel" are ignored.
                params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
            }
            try {
                URI target = resolve(base, ref);
                out.add(new Link(target, params));
                return true;
            } catch (URISyntaxException | IllegalArgumentException e) {
                return false;
            }
        }

        /**
         * RFC 3986 §5.2 resolution. The JDK resolves an empty reference to the base's directory
         * and a fragment-only one against it too; RFC 3986 makes both the base document itself.
         */
        private static URI resolve(URI base, String ref) throws URISyntaxException {
            if (ref.isEmpty() || ref.startsWith("#")) {
                String text = base.toString();
                int fragment = text.indexOf('#');
                String document = fragment < 0 ? text : text.substring(0, fragment);
                return new URI(document + ref);
            }
            return base.resolve(new URI(ref));
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private Optional<String> quotedString() {
            StringBuilder sb = new StringBuilder();
            pos++; // opening quote
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return Optional.of(sb.toString());
                }
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                }
                sb.append(c);
            }
            return Optional.empty();
        }

        private void skipToNextLink() {
            boolean inQuotes = false;
            boolean inBrackets = false;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (inQuotes) {
                    if (c == '\\') {
                        pos++;
                    } else if (c == '"') {
                        inQuotes = false;
                    }
                } else if (inBrackets) {
                    if (c == '>') {
                        inBrackets = false;
                    }
                } else if (c == '"') {
                    inQuotes = true;
                } else if (c == '<') {
                    inBrackets = true;
                } else if (c == ',') {
                    return;
                }
                pos++;
            }
        }

        private void skipWhitespace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private static boolean isTokenChar(char c) {
            return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }
    }
}
