package org.certwright.acme.dns.exec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.certwright.acme.dns.internal.FactoryOptions;

/**
 * Makes an {@link ExecDnsProvider} from text options: {@code --dns exec --dns-option
 * command=/usr/local/bin/update-dns.sh}. The command inherits this process's environment, which is
 * where its credentials come from.
 *
 * @since 0.2.0
 */
public final class ExecDnsProviderFactory implements DnsProviderFactory {

    /** Creates the factory; the service loader calls this. */
    public ExecDnsProviderFactory() {
    }

    @Override
    public String name() {
        return "exec";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("command", "program run as: <command> present|cleanup <fqdn> <value> (required)");
        options.put("timeout", "deadline of one run in seconds, after which it is killed (default: 60)");
        return options;
    }

    @Override
    public DnsProvider create(Map<String, String> options) {
        FactoryOptions o = new FactoryOptions(name(), options, options().keySet(), System::getenv);
        ExecDnsProvider.Builder builder = ExecDnsProvider.builder(List.of(o.required("command")));
        o.seconds("timeout").ifPresent(builder::timeout);
        return builder.build();
    }
}
