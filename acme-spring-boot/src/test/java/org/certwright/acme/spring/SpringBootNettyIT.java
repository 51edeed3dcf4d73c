package org.certwright.acme.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.lifecycle.CertificateManager;
import org.certwright.acme.lifecycle.CurrentCertificate;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * A WebFlux application on Reactor Netty with {@code server.ssl.bundle=certwright} against Pebble:
 * Netty cannot grow a second connector, so http-01 is answered by the starter's small listener
 * on {@code certwright.http01.port}; Netty applies the bundle's update to new connections. With
 * {@code certwright.startup.wait}, start-up returns with the real certificate already served.
 */
@Pebble
class SpringBootNettyIT {

    static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    Path store;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(BootTestSupport.NettyServer.class)
    static class NettyApp {
    }

    @Test
    void obtainsAndRenewsWithoutRestart(PebbleServer pebble) {
        assertTimeoutPreemptively(Duration.ofMinutes(4), () -> {
            String domain = PebbleApps.uniqueName("netty");
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(NettyApp.class)
                    .properties(PebbleApps.properties(pebble, domain, store, "reactive"))
                    .properties("certwright.startup.wait=PT2M").run()) {
                int port = BootTestSupport.webServer(app).getPort();
                assertThat(BootTestSupport.webServer(app).getClass().getSimpleName())
                        .isEqualTo("NettyWebServer");
                // certwright.startup.wait: run() returned only once the CA's certificate was served.
                X509Certificate first = PebbleApps.handshake(pebble, port);
                assertThat(first.getSubjectAlternativeNames()).anyMatch(san -> san.get(1).equals(domain));

                CertificateManager manager = app.getBean(CertificateManager.class);
                CurrentCertificate renewed = manager.renewNow(StoreNameOf.domain(domain))
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                PebbleApps.awaitLeaf(pebble, port,
                        leaf -> leaf.getSerialNumber().equals(renewed.leaf().getSerialNumber()), WAIT);

                // The challenge port answers nothing but challenges: the rest goes to HTTPS.
                HttpResponse<Void> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + pebble.httpPort() + "/anything?x=1"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(other.statusCode()).isEqualTo(301);
                assertThat(other.headers().firstValue("Location")).hasValue(
                        "https://127.0.0.1:" + port + "/anything?x=1");
            }
        });
    }
}
