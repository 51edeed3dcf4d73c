package org.certwright.acme.spring;

/**
 * The names that differ between the Spring Boot lines, for the shared autoconfiguration: this
 * artifact's, Spring Boot 4, where the web servers and the health API moved into modules of their
 * own. They are constants so that the annotations can use them.
 */
final class SpringBootLine {

    /** The major version this artifact is built for. */
    static final int MAJOR = 4;

    /** The artifact an application on this line depends on. */
    static final String STARTER = "certwright-spring-boot4-starter";

    /** The Tomcat servlet web server factory, whose bean decides whether Tomcat serves the application. */
    static final String TOMCAT_SERVLET_FACTORY = "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory";

    /** The autoconfiguration that defines the Tomcat servlet web server factory bean. */
    static final String SERVLET_WEB_SERVER_AUTOCONFIGURATION =
            "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration";

    /** The autoconfiguration that defines Reactor Netty's web server factory bean. */
    static final String REACTIVE_WEB_SERVER_AUTOCONFIGURATION =
            "org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration";

    /** The autoconfiguration that defines the application's {@code DataSource}. */
    static final String DATA_SOURCE_AUTOCONFIGURATION =
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    /** A class of Spring Boot 4's health API, present only when Actuator (or spring-boot-health) is. */
    static final String HEALTH_INDICATOR = "org.springframework.boot.health.contributor.AbstractHealthIndicator";

    private SpringBootLine() {
    }
}
