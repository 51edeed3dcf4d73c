package org.certwright.acme.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.certwright.acme.lifecycle.CertificateManager;
import org.certwright.acme.lifecycle.CurrentCertificate;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Jetty does not listen for SSL bundle updates in Spring Boot 3.5: what the site page promises is
 * what happens. The certificate is obtained (http-01 on the starter's listener, since Jetty has no
 * extra connector from the starter) and stored, the running Jetty keeps the certificate it started
 * with, and the next start serves the stored one.
 */
@Pebble
class SpringBootJettyIT {

    static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    Path store;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class JettyApp {
        // Tomcat is on the test class path too: ask for Jetty by name.
        @Bean
        JettyServletWebServerFactory jettyServletWebServerFactory() {
            return new JettyServletWebServerFactory();
        }
    }

    /** The leaf the server shows, whoever issued it. */
    static X509Certificate anyLeaf(int port) throws Exception {
        X509Certificate[] seen = new X509Certificate[1];
        TrustManager recordAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain[0];
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {recordAll}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
        }
        return seen[0];
    }

    @Test
    void keepsTheStartCertificateUntilRestartThenServesTheStoredOne(PebbleServer pebble) {
        assertTimeoutPreemptively(Duration.ofMinutes(4), () -> {
            String domain = PebbleApps.uniqueName("jetty");
            String[] properties = PebbleApps.properties(pebble, domain, store, "servlet");
            CurrentCertificate obtained;
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(JettyApp.class)
                    .properties(properties).run()) {
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                assertThat(((WebServerApplicationContext) app).getWebServer().getClass().getSimpleName())
                        .isEqualTo("JettyWebServer");
                obtained = app.getBean(CertificateManager.class).awaitValid(StoreNameOf.domain(domain), WAIT);
                CertwrightSslBundle bundle = app.getBean(CertwrightSslBundle.class);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (bundle.isTemporary() && System.nanoTime() < deadline) {
                    Thread.sleep(100); // the manager tells its listeners just after it serves the certificate
                }
                assertThat(bundle.isTemporary()).isFalse();
                // The bundle has the new certificate; Jetty does not pick it up.
                assertThat(anyLeaf(port).getSubjectX500Principal().getName()).contains(TemporaryCertificate.MARK);
            }
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(JettyApp.class)
                    .properties(properties).run()) {
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                assertThat(PebbleApps.handshake(pebble, port).getSerialNumber())
                        .isEqualTo(obtained.leaf().getSerialNumber());
            }
        });
    }
}
