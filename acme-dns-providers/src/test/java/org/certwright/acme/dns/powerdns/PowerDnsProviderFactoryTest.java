package org.certwright.acme.dns.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.junit.jupiter.api.Test;

class PowerDnsProviderFactoryTest {

    private static final String KEY = "k3y-never-shown";

    @Test
    void theServiceLoaderFindsItByName() {
        assertThat(DnsProviderFactory.named("PowerDNS")).isInstanceOf(PowerDnsProviderFactory.class);
    }

    @Test
    void theKeyComesFromTheOptionOrTheEnvironmentAndIsNeverShown() {
        DnsProvider fromOption = new PowerDnsProviderFactory(v -> null)
                .create(Map.of("api-url", "http://127.0.0.1:8081", "api-key", KEY, "zone", "example.com."));
        DnsProvider fromEnvironment = new PowerDnsProviderFactory(v -> v.equals("PDNS_API_KEY") ? KEY : null)
                .create(Map.of("api-url", "http://127.0.0.1:8081"));

        assertThat(fromOption.toString()).isEqualTo(
                "PowerDnsProvider[api=http://127.0.0.1:8081/, server=localhost, zone=example.com]");
        assertThat(fromEnvironment.toString()).doesNotContain(KEY);
    }

    @Test
    void aMissingKeyNamesTheOptionAndTheVariable() {
        assertThatThrownBy(() -> new PowerDnsProviderFactory(v -> null).create(Map.of("api-url", "http://127.0.0.1:8081")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("powerdns: option 'api-key' or environment variable PDNS_API_KEY is required");
    }

    @Test
    void badOptionsAreNamed() {
        PowerDnsProviderFactory factory = new PowerDnsProviderFactory(v -> KEY);
        assertThatThrownBy(() -> factory.create(Map.of("api-url", "http://x", "apikey", "k")))
                .hasMessageStartingWith("powerdns: unknown option 'apikey'; known: api-key, api-url,");
        assertThatThrownBy(() -> factory.create(Map.of("api-url", "ftp://x/")))
                .hasMessage("powerdns: option 'api-url' must be an http(s) URL: 'ftp://x/'");
        assertThatThrownBy(() -> factory.create(Map.of("api-url", "http://x", "ttl", "0")))
                .hasMessage("powerdns: option 'ttl' must be a whole number of seconds, at least 1: '0'");
        assertThatThrownBy(() -> factory.create(Map.of()))
                .hasMessage("powerdns: option 'api-url' is required");
    }

    @Test
    void everyOptionIsDescribed() {
        assertThat(new PowerDnsProviderFactory().options())
                .containsKeys("api-url", "api-key", "server-id", "zone", "ttl", "timeout", "max-rate-limit-wait")
                .allSatisfy((k, v) -> assertThat(v).isNotBlank());
        assertThat(new PowerDnsProviderFactory().options().get("api-key")).contains("secret");
    }
}
