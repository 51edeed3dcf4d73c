package org.certwright.acme.dns.cloudflare;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.certwright.acme.dns.internal.FactoryOptions;

/**
 * Makes a {@link CloudflareDnsProvider} from text options: {@code --dns cloudflare}, with the token in
 * the option {@code token} or the environment variable {@value #TOKEN_VARIABLE} (lego's name;
 * {@value #TOKEN_VARIABLE_ALT} is read too).
 *
 * @since 0.2.0
 */
public final class CloudflareDnsProviderFactory implements DnsProviderFactory {

    /** The environment variable read for the token when the option is not given. */
    public static final String TOKEN_VARIABLE = "CLOUDFLARE_DNS_API_TOKEN";
    /** The other environment variable read for the token (Cloudflare's own tools use it). */
    public static final String TOKEN_VARIABLE_ALT = "CLOUDFLARE_API_TOKEN";

    private final Function<String, String> environment;

    /** Creates the factory; the service loader calls this. */
    public CloudflareDnsProviderFactory() {
        this(System::getenv);
    }

    CloudflareDnsProviderFactory(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "cloudflare";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("token", "API token with Zone DNS Edit (and Zone Read unless zone-id is given) (secret; default:"
                + " environment variable " + TOKEN_VARIABLE + " or " + TOKEN_VARIABLE_ALT + ")");
        options.put("zone-id", "id of the zone every record goes in (default: the deepest zone the token can list)");
        options.put("ttl", "TTL of the TXT records in seconds, at least 60 (default: 120)");
        options.put("timeout", "deadline of each request in seconds (default: 30)");
        options.put("max-rate-limit-wait", "longest total wait for rate limits in seconds (default: 60)");
        options.put("api-url", "API base URL (default: " + CloudflareDnsProvider.DEFAULT_API_URL + ")");
        return options;
    }

    @Override
    public DnsProvider create(Map<String, String> options) {
        Function<String, String> env = v -> v.equals(TOKEN_VARIABLE) && environment.apply(v) == null
                ? environment.apply(TOKEN_VARIABLE_ALT) : environment.apply(v);
        FactoryOptions o = new FactoryOptions(name(), options, options().keySet(), env);
        CloudflareDnsProvider.Builder builder = CloudflareDnsProvider.builder(o.secret("token", TOKEN_VARIABLE));
        o.text("zone-id").ifPresent(builder::zoneId);
        o.text("api-url").ifPresent(u -> builder.apiUrl(o.url("api-url")));
        o.seconds("ttl").ifPresent(builder::ttl);
        o.seconds("timeout").ifPresent(builder::timeout);
        o.seconds("max-rate-limit-wait").ifPresent(builder::maxRateLimitWait);
        return builder.build();
    }
}
