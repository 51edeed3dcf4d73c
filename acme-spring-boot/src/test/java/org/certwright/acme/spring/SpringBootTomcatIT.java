package org.certwright.acme.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
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
import org.springframework.context.annotation.Bean;

/**
 * An embedded-Tomcat application with {@code server.ssl.bundle=certwright} against Pebble: it
 * starts on a temporary certificate, answers http-01 on its own extra connector, then serves the
 * Pebble-issued certificate; a forced renewal reaches the next handshake on the same running
 * server; a restart serves the stored certificate without a new order.
 */
@Pebble
class SpringBootTomcatIT {

    static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    Path store;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TomcatApp {
        @Bean
        PebbleApps.OrderCounter orderCounter() {
            return new PebbleApps.OrderCounter();
        }

        @Bean
        Events events() {
            return new Events();
        }
    }

    /** The application events, as an application's {@code @EventListener} sees them. */
    static class Events {
        final List<CertwrightCertificateEvent> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(CertwrightCertificateEvent event) {
            seen.add(event);
        }
    }

    @Test
    void obtainsRenewsWithoutRestartAndReusesTheStoredCertificate(PebbleServer pebble) {
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            String domain = PebbleApps.uniqueName("tomcat");
            String[] properties = PebbleApps.properties(pebble, domain, store, "servlet");
            X509Certificate renewedLeaf;
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TomcatApp.class)
                    .properties(properties).run()) {
                int port = BootTestSupport.webServer(app).getPort();
                assertThat(BootTestSupport.webServer(app).getClass().getSimpleName())
                        .isEqualTo("TomcatWebServer");
                // http-01 on Tomcat's own extra connector, not the fallback listener: the names that moved
                // between Spring Boot lines (SpringBootLine) match this line.
                assertThat(app.getBeansOfType(TomcatChallengeConnector.class)).hasSize(1);
                assertThat(app.getBeansOfType(ChallengeListener.class)).isEmpty();
                // Started before the CA answered: the temporary certificate, marked as such.
                assertThat(BootTestSupport.healthStatus(app.getBean(CertwrightHealthIndicator.class)))
                        .isIn("UNKNOWN", "UP");
                X509Certificate first = PebbleApps.awaitLeaf(pebble, port, leaf -> true, WAIT);
                assertThat(first.getSubjectAlternativeNames()).anyMatch(san -> san.get(1).equals(domain));
                assertThat(app.getBean(PebbleApps.OrderCounter.class).orders).hasValue(1);
                Events events = app.getBean(Events.class);
                assertThat(events.seen).singleElement().isInstanceOfSatisfying(CertificateObtainedEvent.class,
                        e -> assertThat(e.getCertificate().leaf().getSerialNumber()).isEqualTo(first.getSerialNumber()));

                CertificateManager manager = app.getBean(CertificateManager.class);
                CurrentCertificate renewed = manager.renewNow(StoreNameOf.domain(domain))
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(renewed.leaf().getSerialNumber()).isNotEqualTo(first.getSerialNumber());
                renewedLeaf = PebbleApps.awaitLeaf(pebble, port,
                        leaf -> leaf.getSerialNumber().equals(renewed.leaf().getSerialNumber()), WAIT);
                assertThat(BootTestSupport.webServer(app).getPort()).isEqualTo(port);
                assertThat(events.seen).hasSize(2).last().isInstanceOf(CertificateRenewedEvent.class);

                CertwrightHealthIndicator health = app.getBean(CertwrightHealthIndicator.class);
                assertThat(BootTestSupport.healthStatus(health)).isEqualTo("UP");
                Map<String, Object> details = BootTestSupport.healthDetails(health);
                assertThat(details).containsKey(StoreNameOf.domain(domain));
                assertThat(details.get(StoreNameOf.domain(domain)).toString())
                        .contains(renewed.leaf().getSerialNumber().toString(16)).contains("daysLeft");
                MeterRegistry meters = app.getBean(MeterRegistry.class);
                assertThat(meters.get("certwright.certificate.renewals").counter().count()).isEqualTo(2.0);
                assertThat(meters.get("certwright.certificate.days.left").gauge().value()).isGreaterThan(1.0);
            }

            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TomcatApp.class)
                    .properties(properties).run()) {
                int port = BootTestSupport.webServer(app).getPort();
                // Served at once, from the store: the very first handshake already validates.
                X509Certificate leaf = PebbleApps.handshake(pebble, port);
                assertThat(leaf.getSerialNumber()).isEqualTo(renewedLeaf.getSerialNumber());
                assertThat(app.getBean(CertwrightSslBundle.class).isTemporary()).isFalse();
                Thread.sleep(2_000); // the manager's first pass has run: the stored certificate is not due
                assertThat(app.getBean(PebbleApps.OrderCounter.class).orders).as("no order after a restart").hasValue(0);
            }
        });
    }
}
