package org.certwright.acme.spring;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Adds a plain-HTTP connector on {@code certwright.http01.port} to the application's Tomcat, where
 * {@link AcmeChallengeServletFilter} answers challenges and redirects the rest to HTTPS. Spring
 * Boot 4's variant: its Tomcat factory lives in {@code spring-boot-tomcat}.
 */
final class TomcatChallengeConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final int port;

    TomcatChallengeConnector(int port) {
        this.port = port;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        Connector connector = new Connector();
        connector.setPort(port);
        factory.addAdditionalConnectors(connector);
    }
}
