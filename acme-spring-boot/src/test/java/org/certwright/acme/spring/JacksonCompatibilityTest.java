package org.certwright.acme.spring;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** An application whose dependency management downgrades jackson-annotations is told at start-up what to add. */
class JacksonCompatibilityTest {

    @Test
    void theTestClassPathHasTheAnnotationsJackson3Needs() {
        assertThatCode(() -> JacksonCompatibility.check(getClass().getClassLoader())).doesNotThrowAnyException();
    }

    @Test
    void oldAnnotationsAreReportedWithTheFix() throws Exception {
        // A class path without jackson-annotations 2.23 (here: without any application class at all).
        try (URLClassLoader without = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> JacksonCompatibility.check(without)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("jackson-annotations 2.23").hasMessageContaining("dependencyManagement");
        }
    }
}
