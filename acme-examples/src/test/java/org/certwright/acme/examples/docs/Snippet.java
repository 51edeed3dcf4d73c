package org.certwright.acme.examples.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fenced code block of a documentation page, with the attributes of the
 * {@code <!-- snippet ... -->} comment right before it (blank lines between them allowed).
 *
 * @param page       the Markdown file
 * @param line       the line of the first code line (1-based), for messages
 * @param language   the fence's info string, e.g. {@code java} or {@code sh}
 * @param code       the block's text
 * @param attributes the comment's {@code name="value"} pairs; a bare word has the value {@code ""}
 */
record Snippet(Path page, int line, String language, String code, Map<String, String> attributes) {

    private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+|~~~+)\\s*([\\w+-]*).*$");
    private static final Pattern COMMENT = Pattern.compile("^\\s*<!--\\s*snippet\\b(.*?)-->\\s*$");
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)(?:=\"([^\"]*)\")?");

    /** The attribute's value, if the comment has it. */
    Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** Where the snippet is, as {@code page:line}, relative to {@code root}. */
    String location(Path root) {
        return root.relativize(page) + ":" + line;
    }

    /** Every fenced block of a page, in order. An unclosed fence is an error naming its line. */
    static List<Snippet> parse(Path page, List<String> lines) {
        List<Snippet> snippets = new ArrayList<>();
        Map<String, String> pending = Map.of();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            Matcher comment = COMMENT.matcher(text);
            if (comment.matches()) {
                pending = attributes(comment.group(1));
                continue;
            }
            Matcher fence = FENCE.matcher(text);
            if (!fence.matches()) {
                if (!text.isBlank()) {
                    pending = Map.of();
                }
                continue;
            }
            String indent = fence.group(1);
            String marker = fence.group(2);
            int start = i + 1;
            StringBuilder code = new StringBuilder();
            int end = start;
            while (end < lines.size() && !lines.get(end).strip().startsWith(marker)) {
                String body = lines.get(end);
                code.append(body.startsWith(indent) ? body.substring(indent.length()) : body).append('\n');
                end++;
            }
            if (end == lines.size()) {
                throw new IllegalArgumentException(page + ":" + (i + 1) + ": the code block is never closed");
            }
            snippets.add(new Snippet(page, start + 1, fence.group(3), code.toString(), pending));
            pending = Map.of();
            i = end;
        }
        return snippets;
    }

    private static Map<String, String> attributes(String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher matcher = ATTRIBUTE.matcher(text);
        while (matcher.find()) {
            attributes.put(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2));
        }
        return attributes;
    }
}
