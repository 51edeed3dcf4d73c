package org.certwright.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

@Pebble
class Http01TestServerIT {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void servesTokensOnPebblesHttpPort(PebbleServer pebble) throws Exception {
        try (Http01TestServer http01 = Http01TestServer.start(pebble.httpPort())) {
            http01.put("token-1_abc", "token-1_abc.thumbprint");

            HttpResponse<String> served = get(http01.url("token-1_abc"));
            HttpResponse<String> unknown = get(http01.url("unknown"));
            HttpResponse<String> elsewhere = get(URI.create("http://127.0.0.1:" + pebble.httpPort() + "/index.html"));

            assertThat(http01.port()).isEqualTo(pebble.httpPort());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo("token-1_abc.thumbprint");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(elsewhere.statusCode()).isEqualTo(404);
            assertThat(http01.requestedTokens()).containsExactly("token-1_abc", "unknown");

            http01.remove("token-1_abc");
            assertThat(get(http01.url("token-1_abc")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void refusesTokensThatAreNotBase64url() {
        try (Http01TestServer http01 = Http01TestServer.start(0)) {
            assertThatThrownBy(() -> http01.put("../etc/passwd", "x")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void reportsAPortInUse() {
        try (Http01TestServer first = Http01TestServer.start(0)) {
            assertThatThrownBy(() -> Http01TestServer.start(first.port()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port());
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
