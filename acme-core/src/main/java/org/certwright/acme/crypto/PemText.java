package org.certwright.acme.crypto;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits PEM text into blocks (RFC 7468, with its "lax" parsing: text outside blocks, CR/LF
 * line endings, whitespace inside the base64 and RFC 1421 headers are accepted).
 *
 * <p>This is a small hand-written reader rather than Bouncy Castle's {@code PEMParser} because
 * error messages must say which block and which line is wrong, and must never echo key data.
 */
final class PemText {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";
    /** RFC 7468 §3: printable characters except '-', with single '-' or ' ' separators. */
    private static final Pattern LABEL = Pattern.compile("[\\x21-\\x2C\\x2E-\\x7E]+(?:[- ][\\x21-\\x2C\\x2E-\\x7E]+)*");
    private static final Pattern HEADER = Pattern.compile("([A-Za-z0-9-]+):\\s*(.*)");
    private static final Pattern NOT_BASE64 = Pattern.compile("[^A-Za-z0-9+/=]");

    private PemText() {
    }

    /**
     * Reads every block of a PEM text, in order.
     *
     * @return at least one block
     * @throws InvalidKeyMaterialException if the text has no block or a block is malformed
     */
    static List<PemBlock> blocks(String text) {
        if (text.isBlank()) {
            throw new InvalidKeyMaterialException("no PEM data: the input is empty");
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<PemBlock> blocks = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i].strip();
            if (line.startsWith(END)) {
                throw new InvalidKeyMaterialException("PEM END line at line " + (i + 1) + " has no BEGIN line");
            }
            if (line.startsWith(BEGIN)) {
                i = readBlock(lines, i, blocks);
            } else {
                i++;
            }
        }
        if (blocks.isEmpty()) {
            throw new InvalidKeyMaterialException("no PEM block found: expected a '-----BEGIN ...-----' line");
        }
        return blocks;
    }

    /** Reads the block whose BEGIN line is {@code lines[start]}; returns the index after its END line. */
    private static int readBlock(String[] lines, int start, List<PemBlock> blocks) {
        int lineNumber = start + 1;
        String label = label(lines[start].strip(), BEGIN, lineNumber);
        String where = "PEM block '" + label + "' at line " + lineNumber;
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder base64 = new StringBuilder();
        String lastHeader = null;
        for (int i = start + 1; i < lines.length; i++) {
            String raw = lines[i];
            String line = raw.strip();
            if (line.startsWith(END)) {
                String endLabel = label(line, END, i + 1);
                if (!endLabel.equals(label)) {
                    throw new InvalidKeyMaterialException(where + ": END line at line " + (i + 1)
                            + " has label '" + endLabel + "'");
                }
                blocks.add(new PemBlock(label, lineNumber, Collections.unmodifiableMap(headers), decode(base64, where)));
                return i + 1;
            }
            if (line.startsWith(BEGIN)) {
                throw new InvalidKeyMaterialException(where + " has no END line before the BEGIN line at line " + (i + 1));
            }
            Matcher header = HEADER.matcher(line);
            if (base64.length() == 0 && header.matches()) {
                lastHeader = header.group(1);
                headers.put(lastHeader, header.group(2));
            } else if (base64.length() == 0 && lastHeader != null && !raw.isEmpty()
                    && Character.isWhitespace(raw.charAt(0)) && !line.isEmpty()) {
                headers.merge(lastHeader, line, (a, b) -> a + " " + b); // RFC 1421 continuation line
            } else if (!line.isEmpty()) {
                String compact = line.replaceAll("\\s+", "");
                Matcher bad = NOT_BASE64.matcher(compact);
                if (bad.find()) {
                    throw new InvalidKeyMaterialException(where + ": invalid base64 character "
                            + describe(compact.charAt(bad.start())) + " at line " + (i + 1));
                }
                base64.append(compact);
            }
        }
        throw new InvalidKeyMaterialException(where + " has no END line (is the input truncated?)");
    }

    private static String label(String line, String prefix, int lineNumber) {
        String rest = line.substring(prefix.length());
        if (!rest.endsWith(DASHES) || rest.length() < DASHES.length()) {
            throw new InvalidKeyMaterialException("malformed PEM line at line " + lineNumber
                    + ": expected '" + prefix + "LABEL-----'");
        }
        String label = rest.substring(0, rest.length() - DASHES.length());
        if (!LABEL.matcher(label).matches()) {
            throw new InvalidKeyMaterialException("malformed PEM label at line " + lineNumber);
        }
        return label;
    }

    private static byte[] decode(CharSequence base64, String where) {
        if (base64.length() == 0) {
            throw new InvalidKeyMaterialException(where + ": the block is empty");
        }
        try {
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            // e.g. a body cut short in the middle of a 4-character group
            throw new InvalidKeyMaterialException(where + ": malformed base64 ("
                    + base64.length() + " characters; " + e.getMessage() + ")", e);
        }
    }

    private static String describe(char c) {
        return c > 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
