package org.certwright.acme.challenges.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/** Conversions between the library's record names and values and dnsjava's. */
public final class DnsNames {

    /** A TXT record holds its text as character-strings of at most 255 bytes each (RFC 1035 §3.5). */
    static final int MAX_STRING_BYTES = 255;

    private DnsNames() {
    }

    /**
     * The absolute, lower-case name for a domain name written with or without the trailing dot.
     *
     * @param name e.g. {@code _acme-challenge.example.com}
     * @return the absolute name
     * @throws IllegalArgumentException if it is not a domain name
     */
    public static Name absolute(String name) {
        String text = name.endsWith(".") ? name : name + ".";
        try {
            return Name.fromString(text).canonicalize();
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a domain name: '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * A name as the library writes it: lower case, without the trailing dot.
     *
     * @param name an absolute name
     * @return e.g. {@code _acme-challenge.example.com}
     */
    public static String text(Name name) {
        return name.toString(true).toLowerCase(Locale.ROOT);
    }

    /**
     * A TXT record holding a value exactly: the value's UTF-8 bytes split into character-strings of at
     * most 255 bytes, which a reader joins again. ACME values are ASCII and fit into one string, except
     * long dns-persist-01 values.
     *
     * @param name   the owner name
     * @param dclass the class: {@code IN} to add, {@code NONE} to delete in an update
     * @param ttl    the TTL in seconds
     * @param value  the value
     * @return the record
     */
    public static TXTRecord txt(Name name, int dclass, long ttl, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        List<String> strings = new ArrayList<>();
        for (int start = 0; start < bytes.length || strings.isEmpty(); start += MAX_STRING_BYTES) {
            int end = Math.min(bytes.length, start + MAX_STRING_BYTES);
            strings.add(escaped(bytes, start, end));
        }
        return new TXTRecord(name, dclass, ttl, strings);
    }

    /**
     * The value of a TXT record as a CA reads it: its character-strings joined without separator.
     *
     * @param record the record
     * @return the joined text, decoded as UTF-8
     */
    public static String value(TXTRecord record) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] string : record.getStringsAsByteArrays()) {
            joined.writeBytes(string);
        }
        return joined.toString(StandardCharsets.UTF_8);
    }

    /**
     * dnsjava parses each string in its zone-file form, with backslash escapes and the
     * platform's charset; escaping every byte that is not printable ASCII keeps the bytes exact.
     */
    private static String escaped(byte[] bytes, int start, int end) {
        StringBuilder text = new StringBuilder();
        for (int i = start; i < end; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\\') {
                text.append("\\\\");
            } else if (b < 0x20 || b >= 0x7f) {
                text.append('\\').append(String.format(Locale.ROOT, "%03d", b));
            } else {
                text.append((char) b);
            }
        }
        return text.toString();
    }
}
