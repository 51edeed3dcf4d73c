package org.certwright.acme.spring;

/**
 * Certwright's JSON is Jackson 3, which still takes its annotations from Jackson 2's
 * {@code jackson-annotations} and needs 2.23 or later; Spring Boot 3.5's dependency management
 * pins 2.19, which fails much later, on the first JSON read, with a bare
 * {@code NoClassDefFoundError} in a background thread. This check turns that into a start-up
 * failure that says what to add.
 */
final class JacksonCompatibility {

    /** A class new in jackson-annotations 2.20 that Jackson 3.3's annotation introspector loads. */
    static final String REQUIRED_CLASS = "com.fasterxml.jackson.annotation.JsonSerializeAs";

    private JacksonCompatibility() {
    }

    static void check(ClassLoader loader) {
        try {
            Class.forName(REQUIRED_CLASS, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("Certwright needs com.fasterxml.jackson.core:jackson-annotations 2.23 or "
                    + "later (for Jackson 3), but the application's dependency management chose an older one (Spring Boot "
                    + "3.5 pins 2.19). Add to <dependencyManagement>, before Spring Boot's BOM: "
                    + "com.fasterxml.jackson.core:jackson-annotations:2.23 (Gradle: "
                    + "implementation(\"com.fasterxml.jackson.core:jackson-annotations:2.23\") with a strict version)", e);
        }
    }
}
