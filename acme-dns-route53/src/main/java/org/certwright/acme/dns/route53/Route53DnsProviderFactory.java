package org.certwright.acme.dns.route53;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Makes a {@link Route53DnsProvider} from text options: {@code --dns route53}, with credentials from
 * the AWS SDK's default chain ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profiles,
 * instance and container roles), a named {@code profile}, or {@code access-key-id} and
 * {@code secret-access-key}.
 *
 * @since 0.2.0
 */
public final class Route53DnsProviderFactory implements DnsProviderFactory {

    /** Creates the factory; the service loader calls this. */
    public Route53DnsProviderFactory() {
    }

    @Override
    public String name() {
        return "route53";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("hosted-zone-id", "hosted zone for every record (default: the deepest zone the credentials can list)");
        options.put("profile", "AWS profile to take credentials from (default: the SDK's default chain)");
        options.put("access-key-id", "access key id (default: the SDK's default chain)");
        options.put("secret-access-key", "secret access key (secret; with access-key-id)");
        options.put("ttl", "TTL of the TXT records in seconds (default: 60)");
        options.put("timeout", "deadline of each API call in seconds (default: 30)");
        options.put("propagation-timeout", "longest wait for a change to be INSYNC in seconds (default: 120)");
        options.put("endpoint", "API endpoint URL (default: Route 53's global endpoint)");
        return options;
    }

    @Override
    public DnsProvider create(Map<String, String> options) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(options().keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(name() + ": unknown option '" + unknown.iterator().next() + "'; known: "
                    + String.join(", ", new TreeSet<>(options().keySet())));
        }
        Route53DnsProvider.Builder builder = Route53DnsProvider.builder();
        String keyId = text(options, "access-key-id");
        String secret = text(options, "secret-access-key");
        if ((keyId == null) != (secret == null)) {
            throw new IllegalArgumentException(name() + ": options 'access-key-id' and 'secret-access-key' go together");
        }
        if (keyId != null) {
            builder.credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)));
        } else if (text(options, "profile") != null) {
            builder.credentials(ProfileCredentialsProvider.builder().profileName(text(options, "profile")).build());
        }
        if (text(options, "hosted-zone-id") != null) {
            builder.hostedZoneId(text(options, "hosted-zone-id"));
        }
        if (text(options, "endpoint") != null) {
            try {
                builder.endpoint(new URI(text(options, "endpoint")));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(name() + ": option 'endpoint' is not a URL: '"
                        + text(options, "endpoint") + "'", e);
            }
        }
        seconds(options, "ttl").ifPresent(builder::ttl);
        seconds(options, "timeout").ifPresent(builder::timeout);
        seconds(options, "propagation-timeout").ifPresent(builder::propagationTimeout);
        return builder.build();
    }

    private static String text(Map<String, String> options, String key) {
        String value = options.get(key);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private java.util.Optional<Duration> seconds(Map<String, String> options, String key) {
        String value = text(options, key);
        if (value == null) {
            return java.util.Optional.empty();
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds < 1) {
                throw new NumberFormatException();
            }
            return java.util.Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name() + ": option '" + key + "' must be a whole number of seconds,"
                    + " at least 1: '" + value + "'", e);
        }
    }
}
