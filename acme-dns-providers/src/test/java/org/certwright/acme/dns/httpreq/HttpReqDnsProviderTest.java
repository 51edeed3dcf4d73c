package org.certwright.acme.dns.httpreq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.certwright.acme.dns.DnsApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpReqDnsProviderTest {

    private static final DnsRecord RECORD = new DnsRecord("_acme-challenge.www.example.test", "dGhlIHZhbHVl", false);

    private final HookServer hook;

    HttpReqDnsProviderTest() throws Exception {
        hook = new HookServer();
    }

    @AfterEach
    void stop() {
        hook.close();
    }

    @Test
    void theRequestsAreLegosHttpreqProtocol() throws Exception {
        DnsProvider provider = DnsProviderFactory.named("httpreq").create(Map.of("endpoint", hook.endpoint().toString(),
                "username", HookServer.USER, "password", HookServer.PASSWORD));

        provider.publish(RECORD);
        provider.remove(RECORD);

        String auth = "Basic " + Base64.getEncoder().encodeToString(
                (HookServer.USER + ":" + HookServer.PASSWORD).getBytes(StandardCharsets.UTF_8));
        String body = "{\"fqdn\":\"_acme-challenge.www.example.test.\",\"value\":\"dGhlIHZhbHVl\"}";
        assertThat(hook.received).containsExactly(
                new HookServer.Received("POST", "/hook/present", "application/json", auth, body),
                new HookServer.Received("POST", "/hook/cleanup", "application/json", auth, body));
    }

    @Test
    void anErrorCarriesWhatTheEndpointSaid() {
        DnsProvider provider = HttpReqDnsProvider.builder(hook.endpoint()).basicAuth(HookServer.USER, "nope").build();

        assertThatThrownBy(() -> provider.publish(RECORD))
                .isInstanceOfSatisfying(DnsApiException.class,
                        e -> assertThat(e.serviceMessage()).hasValue("bad credentials"))
                .hasMessageContaining("POST " + hook.endpoint() + "/present -> HTTP 401");
    }

    @Test
    void withoutUserNoAuthorizationIsSentAndThePasswordIsNeverShown() throws Exception {
        DnsProvider anonymous = new HttpReqDnsProviderFactory(v -> null).create(Map.of("endpoint", hook.endpoint().toString()));
        DnsProvider fromEnvironment = new HttpReqDnsProviderFactory(v -> switch (v) {
            case "HTTPREQ_USERNAME" -> "env-user";
            case "HTTPREQ_PASSWORD" -> "env-passw0rd";
            default -> null;
        }).create(Map.of("endpoint", hook.endpoint().toString()));

        assertThatThrownBy(() -> anonymous.publish(RECORD)).isInstanceOf(DnsApiException.class);
        assertThat(hook.received.get(0).authorization()).isNull();
        assertThat(fromEnvironment.toString()).contains("user=env-user").doesNotContain("env-passw0rd");
        assertThatThrownBy(() -> new HttpReqDnsProviderFactory(v -> null).create(Map.of(
                "endpoint", hook.endpoint().toString(), "username", "u")))
                .hasMessage("httpreq: option 'password' or environment variable HTTPREQ_PASSWORD is required");
    }
}
