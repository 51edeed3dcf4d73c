package org.certwright.acme.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import javax.sql.DataSource;
import org.certwright.acme.AcmeClient;
import org.certwright.acme.AcmeEventListener;
import org.certwright.acme.CaPreset;
import org.certwright.acme.ExternalAccountBinding;
import org.certwright.acme.challenges.HttpChallengeStore;
import org.certwright.acme.challenges.SharedHttpChallengeStore;
import org.certwright.acme.challenges.StoreHttpResponder;
import org.certwright.acme.lifecycle.CertificateManager;
import org.certwright.acme.lifecycle.CertificateManagerListener;
import org.certwright.acme.lifecycle.CertificateStore;
import org.certwright.acme.lifecycle.FileCertificateStore;
import org.certwright.acme.lifecycle.JdbcCertificateStore;
import org.certwright.acme.lifecycle.ManagedAccount;
import org.certwright.acme.lifecycle.ManagedCertificate;
import org.certwright.acme.lifecycle.StoreLayout;
import org.certwright.acme.problem.AcmeException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Autoconfiguration of the {@code certwright.*} properties: a {@link CertificateManager} for
 * {@code certwright.domains}, the SSL bundle {@code certwright} that it keeps current (use it with
 * {@code server.ssl.bundle=certwright}), http-01 answered by the application, events, and, when
 * Actuator and Micrometer are present, a health indicator and metrics.
 *
 * <p>Every bean is {@link ConditionalOnMissingBean}: an application replaces the store, the
 * challenge store (for a cluster whose nodes share the challenges) or the manager by defining its own.
 *
 * @since 0.2.0
 */
// After the web server factories: whether Tomcat serves the application is decided by the factory bean
// in use, not by Tomcat being on the class path (Jetty applications often have it too).
// The names differ between Spring Boot 3 and 4: SpringBootLine is each artifact's own.
@AutoConfiguration(afterName = {SpringBootLine.DATA_SOURCE_AUTOCONFIGURATION,
        SpringBootLine.SERVLET_WEB_SERVER_AUTOCONFIGURATION, SpringBootLine.REACTIVE_WEB_SERVER_AUTOCONFIGURATION})
@ConditionalOnBooleanProperty(name = CertwrightProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(CertwrightProperties.class)
public class CertwrightAutoConfiguration {

    private static final String TOMCAT_SERVLET_FACTORY = SpringBootLine.TOMCAT_SERVLET_FACTORY;

    /**
     * For the autoconfiguration mechanism.
     *
     * @since 0.2.0
     */
    public CertwrightAutoConfiguration() {
        SpringBootLineCheck.check(Optional.ofNullable(SpringBootVersion.getVersion()));
    }

    /**
     * The challenge files in flight, served by the filters and the challenge listener. They are
     * kept in the certificate store, so that in a cluster on a shared store (the JDBC store) the
     * instance the CA's request reaches answers it, whichever instance ordered.
     *
     * @param store the certificate store
     * @return a store of challenge files over it
     * @since 0.2.0
     */
    @Bean
    @ConditionalOnMissingBean
    public HttpChallengeStore certwrightHttpChallengeStore(CertificateStore store) {
        return new SharedHttpChallengeStore(store);
    }

    /**
     * The store: the application's {@code DataSource} (for a cluster) or a directory.
     *
     * @param properties  the properties
     * @param dataSources the application's data source, if it has one
     * @return the store
     * @throws AcmeException if the store cannot be opened
     * @since 0.2.0
     */
    @Bean
    @ConditionalOnMissingBean
    public CertificateStore certwrightCertificateStore(CertwrightProperties properties,
                                                       ObjectProvider<DataSource> dataSources) throws AcmeException {
        CertwrightProperties.Store s = properties.getStore();
        DataSource dataSource = switch (s.getType()) {
            case FILE -> null;
            case AUTO -> dataSources.getIfUnique();
            case JDBC -> Optional.ofNullable(dataSources.getIfUnique()).orElseThrow(() -> new IllegalStateException(
                    "certwright.store.type=jdbc needs exactly one DataSource bean in the application"));
        };
        if (dataSource != null) {
            return JdbcCertificateStore.builder(dataSource).tablePrefix(s.getTablePrefix()).open();
        }
        return FileCertificateStore.open(s.getPath());
    }

    /**
     * The SSL bundle that serves the managed certificate.
     *
     * @param properties the properties
     * @param store      the store, read at registration
     * @return the bundle registrar, also a manager listener
     * @since 0.2.0
     */
    @Bean
    @ConditionalOnMissingBean
    public CertwrightSslBundle certwrightSslBundle(CertwrightProperties properties, CertificateStore store) {
        return new CertwrightSslBundle(properties.getBundle(), certificateName(properties),
                properties.getDomains().stream().map(String::strip).toList(), store);
    }

    /**
     * The certificate manager for {@code certwright.domains}; started once the web server listens.
     *
     * @param properties     the properties
     * @param store          the store
     * @param challenges     the challenge files in flight
     * @param bundle         the SSL bundle, told of every new certificate
     * @param publisher      for the application events
     * @param acmeListeners  an application's {@link AcmeEventListener}, if any (one)
     * @param otherListeners an application's own manager listeners
     * @return the manager, not started
     * @since 0.2.0
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public CertificateManager certwrightCertificateManager(CertwrightProperties properties, CertificateStore store,
                                                           HttpChallengeStore challenges, CertwrightSslBundle bundle,
                                                           ApplicationEventPublisher publisher,
                                                           ObjectProvider<AcmeEventListener> acmeListeners,
                                                           ObjectProvider<CertificateManagerListener> otherListeners) {
        JacksonCompatibility.check(CertificateManager.class.getClassLoader());
        URI directory = CaPreset.resolve(properties.getServer());
        AcmeClient.Builder client = AcmeClient.builder(directory).userAgent("certwright-spring-boot");
        if (properties.getTrustedCertificates() != null) {
            try {
                client.trustedCertificates(properties.getTrustedCertificates());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read certwright.trusted-certificates", e);
            }
        }
        acmeListeners.ifUnique(client::eventListener);
        List<String> contacts = new ArrayList<>();
        if (properties.getEmail() != null && !properties.getEmail().isBlank()) {
            contacts.add("mailto:" + properties.getEmail().strip());
        }
        ManagedAccount account = ManagedAccount.agreeingToTerms(contacts.toArray(String[]::new));
        CertwrightProperties.Eab eab = properties.getEab();
        if (eab.isConfigured()) {
            account = account.withExternalAccountBinding(ExternalAccountBinding.of(eab.getKeyId(), eab.getHmacKey()));
        }
        ManagedCertificate.Builder certificate = ManagedCertificate.builder()
                .name(certificateName(properties))
                .dns(properties.getDomains().stream().map(String::strip).toArray(String[]::new))
                .keyType(properties.getKeyType())
                .challengeTypes(properties.getChallengeTypes().toArray(String[]::new))
                .responders(new StoreHttpResponder(challenges));
        if (properties.getProfile() != null && !properties.getProfile().isBlank()) {
            certificate.profile(properties.getProfile().strip());
        }
        EventPublishingListener events = new EventPublishingListener(publisher);
        CertificateManager.Builder builder = CertificateManager.builder().ca(client.build(), account)
                .store(store).certificate(certificate.build()).listener(bundle).listener(events);
        otherListeners.orderedStream().forEach(builder::listener);
        CertificateManager manager = builder.build();
        events.attach(manager);
        return manager;
    }

    /**
     * Starts the manager after the web server, and waits for the first certificate if
     * {@code certwright.startup.wait} says so.
     *
     * @param manager    the manager
     * @param properties the properties
     * @return the lifecycle bean
     * @since 0.2.0
     */
    @Bean
    public org.springframework.context.SmartLifecycle certwrightCertificateManagerLifecycle(
            CertificateManager manager, CertwrightProperties properties) {
        return new CertificateManagerLifecycle(manager, certificateName(properties), properties.getStartup().getWait());
    }

    static String certificateName(CertwrightProperties properties) {
        return StoreLayout.certificateId(properties.certificateName());
    }

    static IntSupplier httpsPort(Environment environment) {
        return () -> environment.getProperty("local.server.port", Integer.class,
                environment.getProperty("server.port", Integer.class, 443));
    }

    /** http-01 in a servlet application: a filter, and on Tomcat an extra connector for the challenge port. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "jakarta.servlet.Filter")
    static class ServletChallenges {

        @Bean
        FilterRegistrationBean<AcmeChallengeServletFilter> certwrightChallengeFilter(
                HttpChallengeStore challenges, CertwrightProperties properties, Environment environment) {
            FilterRegistrationBean<AcmeChallengeServletFilter> registration = new FilterRegistrationBean<>(
                    new AcmeChallengeServletFilter(challenges, Optional.ofNullable(properties.getHttp01().getPort()),
                            httpsPort(environment)));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            registration.addUrlPatterns("/*");
            registration.setName("certwrightChallengeFilter");
            return registration;
        }
    }

    /** The challenge port on Tomcat: one more connector of the application's own server. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = {"org.apache.catalina.startup.Tomcat", "jakarta.servlet.Filter"})
    @ConditionalOnBean(type = TOMCAT_SERVLET_FACTORY)
    @ConditionalOnProperty(prefix = CertwrightProperties.PREFIX, name = "http01.port")
    static class TomcatChallengePort {

        @Bean
        TomcatChallengeConnector certwrightTomcatChallengeConnector(CertwrightProperties properties) {
            return new TomcatChallengeConnector(properties.getHttp01().getPort());
        }
    }

    /** http-01 in a WebFlux application. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
    static class ReactiveChallenges {

        @Bean
        AcmeChallengeWebFilter certwrightChallengeWebFilter(HttpChallengeStore challenges) {
            return new AcmeChallengeWebFilter(challenges);
        }
    }

    /** The challenge port where the server cannot grow a connector: a small listener of its own. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = CertwrightProperties.PREFIX, name = "http01.port")
    @Conditional(NotServletTomcat.class)
    static class ChallengePortListener {

        @Bean(destroyMethod = "close")
        ChallengeListener certwrightChallengeListener(CertwrightProperties properties, HttpChallengeStore challenges,
                                                      Environment environment) {
            return new ChallengeListener(properties.getHttp01().getPort(), challenges, httpsPort(environment));
        }
    }

    /** Actuator's health indicator, only when Actuator is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = SpringBootLine.HEALTH_INDICATOR)
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "certwrightHealthIndicator")
        CertwrightHealthIndicator certwrightHealthIndicator(CertificateManager manager, CertwrightSslBundle bundle) {
            return new CertwrightHealthIndicator(manager, bundle, java.time.Clock.systemUTC());
        }
    }

    /** Micrometer metrics, only when Micrometer is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        CertwrightMetrics certwrightMetrics(CertificateManager manager) {
            return new CertwrightMetrics(manager, java.time.Clock.systemUTC());
        }
    }

    static final class NotServletTomcat extends NoneNestedConditions {

        NotServletTomcat() {
            super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(type = TOMCAT_SERVLET_FACTORY)
        static class ServletTomcat {
        }
    }
}
