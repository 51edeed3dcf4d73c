package org.certwright.acme.spring;

import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The few test calls whose Spring Boot types moved between Boot 3 and 4, so that the shared tests
 * run unchanged on both lines: this is Boot 3's; acme-spring-boot4 has its own.
 */
final class BootTestSupport {

    /** The packages of Actuator's health API, to hide it from a class loader. */
    static final String HEALTH_PACKAGE = "org.springframework.boot.actuate";

    private BootTestSupport() {
    }

    static WebServer webServer(ApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer();
    }

    /** The indicator's status code, e.g. {@code UP}. */
    static String healthStatus(CertwrightHealthIndicator indicator) {
        return indicator.health().getStatus().getCode();
    }

    static Map<String, Object> healthDetails(CertwrightHealthIndicator indicator) {
        Health health = indicator.health();
        return health.getDetails();
    }

    /** Reactor Netty by name: Tomcat is on the test class path too (for the servlet tests). */
    @Configuration(proxyBeanMethods = false)
    static class NettyServer {
        @Bean
        NettyReactiveWebServerFactory nettyReactiveWebServerFactory() {
            return new NettyReactiveWebServerFactory();
        }
    }
}
