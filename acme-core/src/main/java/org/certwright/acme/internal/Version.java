package org.certwright.acme.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library's version, from the build, for {@code User-Agent}. */
public final class Version {

    /** The version, or {@code "unknown"} if the build did not record it. */
    public static final String VERSION = load();

    private Version() {
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
