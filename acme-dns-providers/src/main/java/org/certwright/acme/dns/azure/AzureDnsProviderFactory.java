package org.certwright.acme.dns.azure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.certwright.acme.dns.internal.FactoryOptions;

/**
 * Makes an {@link AzureDnsProvider} from text options: {@code --dns azure}, with the service principal
 * from the options or the environment variables the Azure SDKs read ({@code AZURE_TENANT_ID},
 * {@code AZURE_CLIENT_ID}, {@code AZURE_CLIENT_SECRET}, {@code AZURE_SUBSCRIPTION_ID}).
 *
 * @since 0.2.0
 */
public final class AzureDnsProviderFactory implements DnsProviderFactory {

    private final Function<String, String> environment;

    /** Creates the factory; the service loader calls this. */
    public AzureDnsProviderFactory() {
        this(System::getenv);
    }

    AzureDnsProviderFactory(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "azure";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("tenant-id", "directory (tenant) id (default: environment variable AZURE_TENANT_ID)");
        options.put("client-id", "application (client) id (default: environment variable AZURE_CLIENT_ID)");
        options.put("client-secret", "client secret (secret; default: environment variable AZURE_CLIENT_SECRET)");
        options.put("subscription-id", "subscription holding the zones (default: environment variable AZURE_SUBSCRIPTION_ID)");
        options.put("resource-group", "resource group of the zone (with zone; default: the deepest zone of the subscription)");
        options.put("zone", "zone name for every record (with resource-group)");
        options.put("ttl", "TTL of the TXT records in seconds (default: 60)");
        options.put("timeout", "deadline of each request in seconds (default: 30)");
        return options;
    }

    @Override
    public DnsProvider create(Map<String, String> options) {
        FactoryOptions o = new FactoryOptions(name(), options, options().keySet(), environment);
        AzureDnsProvider.Builder builder = AzureDnsProvider.builder(o.secret("tenant-id", "AZURE_TENANT_ID"),
                o.secret("client-id", "AZURE_CLIENT_ID"), o.secret("client-secret", "AZURE_CLIENT_SECRET"),
                o.secret("subscription-id", "AZURE_SUBSCRIPTION_ID"));
        if (o.text("resource-group").isPresent() || o.text("zone").isPresent()) {
            builder.zone(o.required("resource-group"), o.required("zone"));
        }
        o.seconds("ttl").ifPresent(builder::ttl);
        o.seconds("timeout").ifPresent(builder::timeout);
        return builder.build();
    }
}
