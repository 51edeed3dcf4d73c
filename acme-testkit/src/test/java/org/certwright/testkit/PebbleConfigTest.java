package org.certwright.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class PebbleConfigTest {

    @Test
    void defaultsKeepPebblesOwnBehaviour() {
        PebbleConfig defaults = PebbleConfig.defaults();

        assertThat(PebbleLauncher.environment(defaults)).containsExactly(Map.entry("PEBBLE_VA_NOSLEEP", "1"));
        JsonNode json = PebbleLauncher.configJson(defaults, Path.of("/tmp/x"), 1, 2, 3, 4).path("pebble");
        assertThat(json.path("listenAddress").asString()).isEqualTo("127.0.0.1:1");
        assertThat(json.path("managementListenAddress").asString()).isEqualTo("127.0.0.1:2");
        assertThat(json.path("httpPort").asInt()).isEqualTo(3);
        assertThat(json.path("tlsPort").asInt()).isEqualTo(4);
        assertThat(json.path("certificate").asString()).isEqualTo(Path.of("/tmp/x/cert.pem").toString());
        assertThat(json.path("privateKey").asString()).isEqualTo(Path.of("/tmp/x/key.pem").toString());
        assertThat(json.path("externalAccountBindingRequired").asBoolean()).isFalse();
        assertThat(json.has("externalAccountMACKeys")).isFalse();
        assertThat(json.has("retryAfter")).isFalse();
        assertThat(json.has("profiles")).isFalse();
    }

    @Test
    void annotationValuesBecomeEnvironmentAndConfig() {
        PebbleConfig config = new PebbleConfig(true, 2, 3, 0, 100, 3, 0, 7, true, true);

        assertThat(PebbleLauncher.environment(config))
                .containsEntry("PEBBLE_VA_NOSLEEP", "1")
                .containsEntry("PEBBLE_WFE_NONCEREJECT", "0")
                .containsEntry("PEBBLE_AUTHZREUSE", "100")
                .containsEntry("PEBBLE_WFE_ORDERS_PER_PAGE", "7")
                .containsEntry("PEBBLE_ALTERNATE_ROOTS", "2")
                .containsEntry("PEBBLE_CHAIN_LENGTH", "3")
                .doesNotContainKey("PEBBLE_VA_ALWAYS_VALID");
        JsonNode json = PebbleLauncher.configJson(config, Path.of("/tmp/x"), 1, 2, 3, 4).path("pebble");
        assertThat(json.path("externalAccountBindingRequired").asBoolean()).isTrue();
        assertThat(json.path("externalAccountMACKeys").path("kid-1").asString())
                .isEqualTo("zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W");
        assertThat(json.path("externalAccountMACKeys").size()).isEqualTo(3);
        assertThat(json.path("retryAfter").path("authz").asInt()).isEqualTo(3);
        assertThat(json.path("retryAfter").has("order")).isFalse();
        assertThat(json.path("profiles").path("default").path("validityPeriod").asLong()).isEqualTo(7_776_000L);
        assertThat(json.path("profiles").path("shortlived").path("validityPeriod").asLong()).isEqualTo(518_400L);
    }

    @Test
    void rejectsValuesOutOfRange() {
        assertThatThrownBy(() -> new PebbleConfig(false, -1, 0, -1, -1, 0, 0, 0, false, false))
                .hasMessageContaining("alternateRoots");
        assertThatThrownBy(() -> new PebbleConfig(false, 0, 0, 101, -1, 0, 0, 0, false, false))
                .hasMessageContaining("nonceRejectPercent");
        assertThatThrownBy(() -> new PebbleConfig(false, 0, 0, -1, -2, 0, 0, 0, false, false))
                .hasMessageContaining("authzReusePercent");
    }

    @Test
    void knowsWhichVersionsLackAFeature() {
        PebbleConfig profiles = new PebbleConfig(false, 0, 0, -1, -1, 0, 0, 0, true, false);
        PebbleConfig retryAfter = new PebbleConfig(false, 0, 0, -1, -1, 0, 5, 0, false, false);

        assertThat(profiles.unsupportedBy(PebbleVersion.parse("2.6.0+ds1-1"))).hasValueSatisfying(
                reason -> assertThat(reason).contains("profiles", "2.7"));
        assertThat(profiles.unsupportedBy(PebbleVersion.parse("2.10.0+ds1-2"))).isEmpty();
        assertThat(retryAfter.unsupportedBy(PebbleVersion.parse("2.4.0+ds1-2"))).isPresent();
        assertThat(retryAfter.unsupportedBy(PebbleVersion.parse("2.6.0+ds1-1"))).isEmpty();
        assertThat(PebbleConfig.defaults().unsupportedBy(PebbleVersion.UNKNOWN)).isEmpty();
    }
}
