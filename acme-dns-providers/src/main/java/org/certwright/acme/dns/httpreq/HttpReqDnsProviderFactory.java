package org.certwright.acme.dns.httpreq;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.certwright.acme.dns.internal.FactoryOptions;

/**
 * Makes an {@link HttpReqDnsProvider} from text options: {@code --dns httpreq --dns-option
 * endpoint=https://dns-hook.internal/acme}, with optional Basic authentication from {@code username}
 * and {@code password} (or the environment variables {@value #USERNAME_VARIABLE} and
 * {@value #PASSWORD_VARIABLE}, as lego reads them).
 *
 * @since 0.2.0
 */
public final class HttpReqDnsProviderFactory implements DnsProviderFactory {

    /** The environment variable read for the user name when the option is not given. */
    public static final String USERNAME_VARIABLE = "HTTPREQ_USERNAME";
    /** The environment variable read for the password when the option is not given. */
    public static final String PASSWORD_VARIABLE = "HTTPREQ_PASSWORD";

    private final Function<String, String> environment;

    /** Creates the factory; the service loader calls this. */
    public HttpReqDnsProviderFactory() {
        this(System::getenv);
    }

    HttpReqDnsProviderFactory(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "httpreq";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("endpoint", "base URL; POSTs go to <endpoint>/present and <endpoint>/cleanup (required)");
        options.put("username", "user for HTTP Basic authentication (default: environment variable "
                + USERNAME_VARIABLE + "; none if unset)");
        options.put("password", "password for HTTP Basic authentication (secret; default: environment variable "
                + PASSWORD_VARIABLE + ")");
        options.put("timeout", "deadline of each request in seconds (default: 30)");
        options.put("max-rate-limit-wait", "longest total wait for rate limits in seconds (default: 60)");
        return options;
    }

    @Override
    public DnsProvider create(Map<String, String> options) {
        FactoryOptions o = new FactoryOptions(name(), options, options().keySet(), environment);
        HttpReqDnsProvider.Builder builder = HttpReqDnsProvider.builder(o.url("endpoint"));
        o.text("username").or(() -> java.util.Optional.ofNullable(environment.apply(USERNAME_VARIABLE))
                        .filter(v -> !v.isBlank()))
                .ifPresent(user -> builder.basicAuth(user, o.secret("password", PASSWORD_VARIABLE)));
        o.seconds("timeout").ifPresent(builder::timeout);
        o.seconds("max-rate-limit-wait").ifPresent(builder::maxRateLimitWait);
        return builder.build();
    }
}
