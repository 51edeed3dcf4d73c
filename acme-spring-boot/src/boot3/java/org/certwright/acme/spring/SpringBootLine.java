package org.certwright.acme.spring;

/**
 * The names that differ between the Spring Boot lines, for the shared autoconfiguration: this
 * artifact's, Spring Boot 3. They are constants so that the annotations can use them; the
 * Spring Boot 4 artifact compiles the same shared sources against its own copy of this class.
 */
final class SpringBootLine {

    /** The major version this artifact is built for. */
    static final int MAJOR = 3;

    /** The artifact an application on this line depends on. */
    static final String STARTER = "certwright-spring-boot-starter";

    /** The Tomcat servlet web server factory, whose bean decides whether Tomcat serves the application. */
    static final String TOMCAT_SERVLET_FACTORY =
            "org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory";

    /** The autoconfiguration that defines the servlet web server factory bean. */
    static final String SERVLET_WEB_SERVER_AUTOCONFIGURATION =
            "org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration";

    /** The autoconfiguration that defines the reactive web server factory bean. */
    static final String REACTIVE_WEB_SERVER_AUTOCONFIGURATION =
            "org.springframework.boot.autoconfigure.web.reactive.ReactiveWebServerFactoryAutoConfiguration";

    /** The autoconfiguration that defines the application's {@code DataSource}. */
    static final String DATA_SOURCE_AUTOCONFIGURATION =
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration";

    /** A class of Actuator's health API, present only when Actuator is. */
    static final String HEALTH_INDICATOR = "org.springframework.boot.actuate.health.AbstractHealthIndicator";

    private SpringBootLine() {
    }
}
