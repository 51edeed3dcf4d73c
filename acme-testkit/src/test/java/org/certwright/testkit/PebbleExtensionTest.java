package org.certwright.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PebbleExtensionTest {

    @Pebble(eab = true)
    static class Annotated {
        void classLevel(PebbleServer pebble) {
        }

        @Pebble(alternateRoots = 1)
        void methodLevel(PebbleServer pebble) {
        }

        @Pebble(alternateRoots = 1)
        void parameterLevel(@Pebble(ordersPerPage = 5) PebbleServer pebble) {
        }

        class Inner {
            void enclosing(PebbleServer pebble) {
            }
        }
    }

    static class Plain {
        void none(PebbleServer pebble) {
        }
    }

    @Test
    void nearestAnnotationWins() throws Exception {
        assertThat(config(Annotated.class, "classLevel").eab()).isTrue();
        assertThat(config(Annotated.class, "methodLevel")).satisfies(c -> {
            assertThat(c.eab()).isFalse();
            assertThat(c.alternateRoots()).isEqualTo(1);
        });
        assertThat(config(Annotated.class, "parameterLevel")).satisfies(c -> {
            assertThat(c.alternateRoots()).isZero();
            assertThat(c.ordersPerPage()).isEqualTo(5);
        });
        assertThat(config(Annotated.Inner.class, "enclosing").eab()).isTrue();
        assertThat(config(Plain.class, "none")).isEqualTo(PebbleConfig.defaults());
    }

    @Test
    void missingPebbleSkipsOutsideCi() {
        assertThatThrownBy(() -> PebbleExtension.requireDistribution(Optional.empty(), () -> "no pebble here", null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no pebble here");
        assertThatThrownBy(() -> PebbleExtension.requireDistribution(Optional.empty(), () -> "no pebble here", ""))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void missingPebbleFailsUnderCi() {
        assertThatThrownBy(() -> PebbleExtension.requireDistribution(Optional.empty(), () -> "no pebble here", "true"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("no pebble here")
                .hasMessageContaining("CI");
    }

    @Test
    void missingMessageNamesThePathAndTheFetchCommand(@TempDir Path dir) {
        Path expected = dir.resolve("target/pebble");

        String message = PebbleDistribution.missingMessage(List.of(expected, dir.resolve("other")));

        assertThat(PebbleDistribution.find(List.of(expected))).isEmpty();
        assertThat(message)
                .contains(expected.resolve("usr/bin/pebble").toString())
                .contains(expected.resolve("usr/bin/pebble-challtestsrv").toString())
                .contains("scripts/fetch-pebble.sh " + expected)
                .contains(dir.resolve("other").toString());
    }

    private static PebbleConfig config(Class<?> type, String name) throws Exception {
        Method method = type.getDeclaredMethod(name, PebbleServer.class);
        return PebbleExtension.configFor(method.getParameters()[0], method, type);
    }
}
