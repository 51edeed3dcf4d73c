package org.certwright.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

@Pebble(nonceRejectPercent = 0, authzReusePercent = 0)
class ConfigurationsIT {

    @Test
    void classAnnotationApplies(PebbleServer pebble) {
        assertThat(pebble.config().nonceRejectPercent()).isZero();
        assertThat(pebble.config().authzReusePercent()).isZero();
    }

    @Test
    void twoConfigurationsRunSideBySide(PebbleServer plain,
            @Pebble(eab = true, alternateRoots = 2) PebbleServer eab) throws Exception {
        assertThat(eab).isNotSameAs(plain);
        assertThat(eab.directoryUrl()).isNotEqualTo(plain.directoryUrl());
        assertThat(eab.httpPort()).isNotEqualTo(plain.httpPort());

        assertThat(directory(plain).path("meta").path("externalAccountRequired").asBoolean()).isFalse();
        assertThat(directory(eab).path("meta").path("externalAccountRequired").asBoolean()).isTrue();
        assertThat(eab.eabKeys()).containsOnlyKeys("kid-1", "kid-2", "kid-3");

        assertThat(plain.roots()).hasSize(1);
        assertThat(eab.roots()).hasSize(3).doesNotHaveDuplicates();
        assertThat(eab.intermediates()).hasSize(3);
    }

    @Test
    @Pebble(profiles = true)
    void methodAnnotationReplacesTheClassOne(PebbleServer pebble) throws Exception {
        assertThat(pebble.config()).isEqualTo(new PebbleConfig(false, 0, 0, -1, -1, 0, 0, 0, true, false));

        JsonNode profiles = directory(pebble).path("meta").path("profiles");
        assertThat(profiles.has("default")).isTrue();
        assertThat(profiles.has("shortlived")).isTrue();
    }

    @Test
    @Pebble(retryAfterAuthz = 3, retryAfterOrder = 5, ordersPerPage = 3, strict = true)
    void strictModeWithRetryAfterStarts(PebbleServer pebble) throws Exception {
        assertThat(directory(pebble).has("newOrder")).isTrue();
    }

    private static JsonNode directory(PebbleServer pebble) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(pebble.sslContext()).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(pebble.directoryUrl()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return ManagementClient.JSON.readTree(response.body());
    }
}
