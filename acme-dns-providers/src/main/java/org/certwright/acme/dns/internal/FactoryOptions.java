package org.certwright.acme.dns.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads a {@link org.certwright.acme.challenges.DnsProviderFactory}'s text options, with errors that
 * name the provider and the option (and never a secret's value).
 */
public final class FactoryOptions {

    private final String provider;
    private final Map<String, String> options;
    private final Function<String, String> environment;

    /**
     * Checks that every option is known.
     *
     * @param provider    the provider's name
     * @param options     the options as given
     * @param known       the options the provider understands
     * @param environment reads environment variables ({@code System::getenv})
     * @throws IllegalArgumentException naming the unknown option and the known ones
     */
    public FactoryOptions(String provider, Map<String, String> options, Set<String> known,
            Function<String, String> environment) {
        this.provider = provider;
        this.options = Map.copyOf(options);
        this.environment = environment;
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(provider + ": unknown option '" + key + "'; known: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /**
     * An optional text option.
     *
     * @param key the option
     * @return its value, if given and not blank
     */
    public Optional<String> text(String key) {
        return Optional.ofNullable(options.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /**
     * A text option that must be given.
     *
     * @param key the option
     * @return its value
     * @throws IllegalArgumentException if missing
     */
    public String required(String key) {
        return text(key).orElseThrow(() -> new IllegalArgumentException(provider + ": option '" + key + "' is required"));
    }

    /**
     * A secret from an option or, failing that, an environment variable.
     *
     * @param key      the option
     * @param variable the environment variable
     * @return the secret
     * @throws IllegalArgumentException naming both places, if neither has it
     */
    public String secret(String key, String variable) {
        return text(key).or(() -> Optional.ofNullable(environment.apply(variable)).map(String::strip)
                        .filter(v -> !v.isEmpty()))
                .orElseThrow(() -> new IllegalArgumentException(provider + ": option '" + key
                        + "' or environment variable " + variable + " is required"));
    }

    /**
     * An absolute http or https URL.
     *
     * @param key the option
     * @return the URL
     * @throws IllegalArgumentException if missing or not such a URL
     */
    public URI url(String key) {
        String value = required(key);
        try {
            URI uri = new URI(value);
            if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(provider + ": option '" + key + "' must be an http(s) URL: '"
                        + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(provider + ": option '" + key + "' is not a URL: '" + value + "'", e);
        }
    }

    /**
     * A whole number of seconds, at least 1.
     *
     * @param key the option
     * @return the duration, if given
     * @throws IllegalArgumentException if not a positive whole number
     */
    public Optional<Duration> seconds(String key) {
        return text(key).map(v -> {
            try {
                long seconds = Long.parseLong(v);
                if (seconds < 1) {
                    throw new NumberFormatException();
                }
                return Duration.ofSeconds(seconds);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(provider + ": option '" + key
                        + "' must be a whole number of seconds, at least 1: '" + v + "'", e);
            }
        });
    }
}
