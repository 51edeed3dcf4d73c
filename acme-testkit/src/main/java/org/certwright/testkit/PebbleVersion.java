package org.certwright.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upstream version of an installed Pebble, read from a Debian version such as
 * {@code 2.10.0+ds1-2} or {@code 1:2.4.0-1}.
 *
 * @param major the major version, 0 when unknown
 * @param minor the minor version
 * @param patch the patch version
 * @param text  the version as written, e.g. {@code 2.10.0+ds1-2}, or {@code unknown}
 */
record PebbleVersion(int major, int minor, int patch, String text) {

    static final PebbleVersion UNKNOWN = new PebbleVersion(0, 0, 0, "unknown");

    private static final Pattern UPSTREAM = Pattern.compile("^(?:\\d+:)?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    static PebbleVersion of(int major, int minor) {
        return new PebbleVersion(major, minor, 0, major + "." + minor);
    }

    /**
     * Parses a Debian version; anything without a leading number is {@link #UNKNOWN}.
     *
     * @param text the version
     * @return the parsed version
     */
    static PebbleVersion parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String trimmed = text.strip();
        Matcher m = UPSTREAM.matcher(trimmed);
        if (!m.find()) {
            return new PebbleVersion(0, 0, 0, trimmed.isEmpty() ? UNKNOWN.text : trimmed);
        }
        return new PebbleVersion(number(m.group(1)), number(m.group(2)), number(m.group(3)), trimmed);
    }

    boolean atLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || (major == wantMajor && minor >= wantMinor);
    }

    boolean atLeast(PebbleVersion other) {
        return atLeast(other.major, other.minor);
    }

    private static int number(String group) {
        return group == null ? 0 : Integer.parseInt(group);
    }

    @Override
    public String toString() {
        return text;
    }
}
