package org.certwright.acme.dns.powerdns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.certwright.acme.dns.internal.FactoryOptions;

/**
 * Makes a {@link PowerDnsProvider} from text options: {@code --dns powerdns --dns-option
 * api-url=http://127.0.0.1:8081/}, with the key in {@code api-key} or the environment variable
 * {@value #KEY_VARIABLE}.
 *
 * @since 0.2.0
 */
public final class PowerDnsProviderFactory implements DnsProviderFactory {

    /** The environment variable read for the API key when the option is not given. */
    public static final String KEY_VARIABLE = "PDNS_API_KEY";

    private final Function<String, String> environment;

    /** Creates the factory; the service loader calls this. */
    public PowerDnsProviderFactory() {
        this(System::getenv);
    }

    PowerDnsProviderFactory(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "powerdns";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("api-url", "base URL of the PowerDNS web server, e.g. http://127.0.0.1:8081/ (required)");
        options.put("api-key", "API key (secret; default: environment variable " + KEY_VARIABLE + ")");
        options.put("server-id", "API server id (default: localhost)");
        options.put("zone", "zone for every record (default: the deepest zone the key can see)");
        options.put("ttl", "TTL of the TXT records in seconds (default: 60)");
        options.put("timeout", "deadline of each API request in seconds (default: 10)");
        options.put("max-rate-limit-wait", "longest total wait for rate limits in seconds (default: 60)");
        return options;
    }

    @Override
    public DnsProvider create(Map<String, String> options) {
        FactoryOptions o = new FactoryOptions(name(), options, options().keySet(), environment);
        PowerDnsProvider.Builder builder = PowerDnsProvider.builder(o.url("api-url"), o.secret("api-key", KEY_VARIABLE));
        o.text("server-id").ifPresent(builder::serverId);
        o.text("zone").ifPresent(builder::zone);
        o.seconds("ttl").ifPresent(builder::ttl);
        o.seconds("timeout").ifPresent(builder::timeout);
        o.seconds("max-rate-limit-wait").ifPresent(builder::maxRateLimitWait);
        return builder.build();
    }
}
