package org.certwright.acme.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/** Each artifact refuses, with the right starter named, a Spring Boot line it was not built for. */
class SpringBootLineCheckTest {

    @Test
    void theSpringBootThisArtifactIsTestedOnPasses() {
        assertThat(SpringBootVersion.getVersion()).startsWith(SpringBootLine.MAJOR + ".");
        assertThatCode(() -> SpringBootLineCheck.check(Optional.of(SpringBootVersion.getVersion())))
                .doesNotThrowAnyException();
    }

    @Test
    void anUnknownVersionPasses() {
        assertThatCode(() -> SpringBootLineCheck.check(Optional.empty())).doesNotThrowAnyException();
        assertThatCode(() -> SpringBootLineCheck.check(Optional.of(" "))).doesNotThrowAnyException();
    }

    @Test
    void theOtherLineFailsNamingTheStarterToUse() {
        String other = SpringBootLine.MAJOR == 3 ? "4.0.7" : "3.5.7";
        String starter = SpringBootLine.MAJOR == 3 ? "certwright-spring-boot4-starter" : "certwright-spring-boot-starter";
        assertThatThrownBy(() -> SpringBootLineCheck.check(Optional.of(other)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Spring Boot " + other)
                .hasMessageContaining(SpringBootLine.STARTER)
                .hasMessageContaining("org.certwright:" + starter);
        assertThatThrownBy(() -> SpringBootLineCheck.check(Optional.of("5.0.0")))
                .hasMessageContaining("no starter for Spring Boot 5");
    }
}
