package org.certwright.acme;

import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a certificate is for: a DNS name ({@code dns}, RFC 8555 §9.7.7) or an IP address
 * ({@code ip}, RFC 8738).
 *
 * <p>DNS names are kept in lower case without a trailing dot; a wildcard is written
 * {@code *.example.com}. IP addresses are kept in their canonical text form (RFC 5952 for
 * IPv6), which is what CAs compare against. Other types are carried as given, so that
 * identifiers from newer CAs survive a round trip.
 *
 * @param type  the identifier type, for example {@code dns} or {@code ip}
 * @param value the identifier value
 */
public record Identifier(String type, String value) {

    /** The identifier type for DNS names. */
    public static final String TYPE_DNS = "dns";
    /** The identifier type for IP addresses (RFC 8738). */
    public static final String TYPE_IP = "ip";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    /** Dotted-quad shape, whatever the numbers: {@code 999.1.1.1} is a mistyped address, not a name. */
    private static final Pattern IPV4_SHAPE = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** IPv6 text, bracketed or not, possibly with an embedded IPv4 part or a zone. */
    private static final Pattern IPV6_SHAPE = Pattern.compile("\\[?[0-9a-f]*:[0-9a-f:.]*(%[^\\]]*)?]?");

    /**
     * Creates an identifier; {@code dns} and {@code ip} values are checked and normalised.
     *
     * @throws NullPointerException     if {@code type} or {@code value} is {@code null}
     * @throws IllegalArgumentException if {@code type} is empty, a {@code dns} value is not a DNS
     *                                  name (an IP address literal included: that is an
     *                                  {@code ip} identifier), or an {@code ip} value is not an IP
     *                                  address literal
     */
    public Identifier {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (type.isEmpty()) {
            throw new IllegalArgumentException("identifier type is empty");
        }
        if (TYPE_DNS.equals(type)) {
            value = normalizeDns(value);
        } else if (TYPE_IP.equals(type)) {
            value = canonicalIp(parseIpLiteral(value));
        }
    }

    /**
     * A DNS identifier, for example {@code example.com} or {@code *.example.com}.
     *
     * @param name the DNS name; upper case and a trailing dot are normalised away
     * @return the identifier
     * @throws NullPointerException     if {@code name} is {@code null}
     * @throws IllegalArgumentException if the name is not a valid DNS name, or is an IPv4 or
     *                                  IPv6 address literal (use {@link #ip(String)} for those)
     */
    public static Identifier dns(String name) {
        return new Identifier(TYPE_DNS, name);
    }

    /**
     * An IP identifier from a textual IPv4 or IPv6 address.
     *
     * @param address the address literal; it is never resolved
     * @return the identifier, in canonical text form
     * @throws NullPointerException     if {@code address} is {@code null}
     * @throws IllegalArgumentException if the text is not an IP address literal
     */
    public static Identifier ip(String address) {
        return new Identifier(TYPE_IP, address);
    }

    /**
     * An IP identifier for the given address.
     *
     * @param address the address
     * @return the identifier, in canonical text form
     * @throws NullPointerException if {@code address} is {@code null}
     */
    public static Identifier ip(InetAddress address) {
        Objects.requireNonNull(address, "address");
        return new Identifier(TYPE_IP, canonicalIp(address));
    }

    /** Whether this is a {@code dns} identifier. */
    public boolean isDns() {
        return TYPE_DNS.equals(type);
    }

    /** Whether this is an {@code ip} identifier. */
    public boolean isIp() {
        return TYPE_IP.equals(type);
    }

    /** Whether this is a wildcard DNS name ({@code *.example.com}). */
    public boolean isWildcard() {
        return isDns() && value.startsWith("*.");
    }

    /**
     * The DNS name without a leading {@code *.}: the name a wildcard is validated at
     * (RFC 8555 §7.1.3). For other identifiers, the value itself.
     */
    public String baseName() {
        return isWildcard() ? value.substring(2) : value;
    }

    /**
     * The address of an {@code ip} identifier.
     *
     * @throws IllegalStateException if this is not an {@code ip} identifier
     */
    public InetAddress inetAddress() {
        if (!isIp()) {
            throw new IllegalStateException("not an ip identifier: " + this);
        }
        return parseIpLiteral(value);
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }

    private static String normalizeDns(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.isEmpty() || n.length() > 253) {
            throw new IllegalArgumentException("not a DNS name (length " + n.length() + "): '" + name + "'");
        }
        String rest = n.startsWith("*.") ? n.substring(2) : n;
        if (IPV4_SHAPE.matcher(rest).matches() || IPV6_SHAPE.matcher(rest).matches()) {
            // Pebble and Boulder refuse these as malformed; RFC 8738 gives addresses their own type.
            throw new IllegalArgumentException("'" + name + "' is an IP address, not a DNS name: use Identifier.ip("
                    + "...) for IP addresses (RFC 8738)");
        }
        for (String label : rest.split("\\.", -1)) {
            if (!DNS_LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("not a DNS name: '" + name + "' (bad label '" + label + "')");
            }
        }
        return n;
    }

    private static InetAddress parseIpLiteral(String text) {
        String t = text.strip();
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = t.indexOf(':') >= 0 && t.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            throw new IllegalArgumentException("not an IP address literal: '" + text + "'");
        }
        try {
            // A literal never causes a DNS lookup.
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: '" + text + "'", e);
        }
    }

    /** RFC 5952 text: lower case, leading zeros dropped, the longest run of zero groups as "::". */
    static String canonicalIp(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
