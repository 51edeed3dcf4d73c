package org.certwright.acme.challenges;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Makes a {@link DnsProvider} from a name and text options, so providers can be chosen where
 * only text is at hand: a command line ({@code --dns cloudflare --dns-option token=...}), a
 * configuration file, Spring properties. Implementations are found with {@link ServiceLoader}
 * ({@code provides org.certwright.acme.challenges.DnsProviderFactory with ...} in a module, or a
 * {@code META-INF/services} entry on the class path).
 *
 * <p>Credentials may come from the options or from the places usual for the service
 * (environment variables, an SDK's credential chain); a factory documents which, and never logs
 * them.
 *
 * @since 0.2.0
 */
public interface DnsProviderFactory {

    /** The name users choose the provider by: lower case, such as {@code cloudflare}. */
    String name();

    /**
     * The options this provider understands, with one line each on what they mean, for help
     * texts. Options holding secrets say so.
     */
    Map<String, String> options();

    /**
     * A provider configured from {@code options}.
     *
     * @param options option name to value, as typed by the user
     * @return the provider
     * @throws IllegalArgumentException naming the option, if an option is unknown, missing or malformed
     */
    DnsProvider create(Map<String, String> options);

    /**
     * The factories visible to this class's loader (or module layer).
     *
     * @return the factories, in the order the service loader found them
     */
    static List<DnsProviderFactory> available() {
        return ServiceLoader.load(DnsProviderFactory.class, DnsProviderFactory.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toList());
    }

    /**
     * The factory with this name.
     *
     * @param name a provider name such as {@code cloudflare}
     * @return the factory
     * @throws IllegalArgumentException naming the available providers, if none has this name
     */
    static DnsProviderFactory named(String name) {
        List<DnsProviderFactory> all = available();
        return all.stream().filter(f -> f.name().equalsIgnoreCase(name.strip())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no DNS provider named '" + name + "'; available: "
                        + (all.isEmpty() ? "none (add a provider module to the class path)"
                                : all.stream().map(DnsProviderFactory::name).sorted().collect(Collectors.joining(", ")))));
    }
}
