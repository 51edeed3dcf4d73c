package org.certwright.acme.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.ssl.SslBundles;

/**
 * A wrong property stops start-up with a message that names it, before anything talks to a CA:
 * the report Spring Boot prints (its failure analysis) is what the tests read.
 */
@ExtendWith(OutputCaptureExtension.class)
class CertwrightPropertiesBindingTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({CertwrightAutoConfiguration.class, SslAutoConfiguration.class})
    static class App {
    }

    @TempDir
    Path store;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CertwrightAutoConfiguration.class, SslAutoConfiguration.class))
                .withPropertyValues("certwright.store.path=" + store);
    }

    private String failure(CapturedOutput output, String... properties) {
        String[] all = new String[properties.length + 1];
        System.arraycopy(properties, 0, all, 0, properties.length);
        all[properties.length] = "certwright.store.path=" + store;
        assertThatThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties(all).run().close()).isNotNull();
        String out = output.getAll();
        assertThat(out).contains("APPLICATION FAILED TO START");
        return out.substring(out.indexOf("APPLICATION FAILED TO START"));
    }

    @Test
    void unknownPresetNamesTheProperty(CapturedOutput output) {
        String message = failure(output, "certwright.domains=example.com", "certwright.agree-terms-of-service=true",
                "certwright.server=letsencrpyt");
        assertThat(message).contains("certwright.server").contains("letsencrpyt").contains("letsencrypt-staging");
    }

    @Test
    void missingTermsAgreementNamesTheProperty(CapturedOutput output) {
        String message = failure(output, "certwright.domains=example.com", "certwright.server=letsencrypt");
        assertThat(message).contains("certwright.agree-terms-of-service").contains("terms of service");
    }

    @Test
    void malformedDomainNamesTheProperty(CapturedOutput output) {
        String message = failure(output, "certwright.domains=example.com,bad_name..example.com",
                "certwright.agree-terms-of-service=true");
        assertThat(message).contains("certwright.domains").contains("bad_name..example.com");
    }

    @Test
    void missingDomainsAndEabAreReportedTogether(CapturedOutput output) {
        String message = failure(output, "certwright.agree-terms-of-service=true", "certwright.server=zerossl");
        assertThat(message).contains("certwright.domains").contains("certwright.eab.key-id");
    }

    @Test
    void validPropertiesRegisterTheBundleWithATemporaryCertificate() {
        runner().withPropertyValues("certwright.domains=example.com", "certwright.agree-terms-of-service=true",
                // Nothing listens there: the manager's background attempt fails without leaving the machine.
                "certwright.server=https://127.0.0.1:9/dir").run(context -> {
                    assertThat(context).hasNotFailed();
                    SslBundles bundles = context.getBean(SslBundles.class);
                    assertThat(bundles.getBundle("certwright")).isNotNull();
                    assertThat(context.getBean(CertwrightSslBundle.class).isTemporary()).isTrue();
                });
    }

    @Test
    void withoutActuatorAndMicrometerTheirBeansAreLeftOut() {
        runner().withClassLoader(new FilteredClassLoader(BootTestSupport.HEALTH_PACKAGE, "io.micrometer.core"))
                .withPropertyValues("certwright.domains=example.com", "certwright.agree-terms-of-service=true",
                        "certwright.server=https://127.0.0.1:9/dir")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(CertwrightSslBundle.class);
                    assertThat(context).doesNotHaveBean(CertwrightHealthIndicator.class);
                    assertThat(context).doesNotHaveBean(CertwrightMetrics.class);
                });
        runner().withPropertyValues("certwright.domains=example.com", "certwright.agree-terms-of-service=true",
                "certwright.server=https://127.0.0.1:9/dir").run(context -> {
                    assertThat(context).hasSingleBean(CertwrightHealthIndicator.class);
                    assertThat(context).hasSingleBean(CertwrightMetrics.class);
                });
    }

    @Test
    void disabledDoesNothing() {
        runner().withPropertyValues("certwright.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(CertwrightSslBundle.class);
        });
    }
}
