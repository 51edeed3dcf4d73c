package org.certwright.acme.dns.google;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.certwright.acme.dns.internal.FactoryOptions;

/**
 * Makes a {@link GoogleCloudDnsProvider} from text options: {@code --dns google}, with the service
 * account key file from the option {@code key-file} or the environment variable
 * {@value #KEY_FILE_VARIABLE}.
 *
 * @since 0.2.0
 */
public final class GoogleCloudDnsProviderFactory implements DnsProviderFactory {

    /** The environment variable naming the key file when the option is not given (Google's convention). */
    public static final String KEY_FILE_VARIABLE = "GOOGLE_APPLICATION_CREDENTIALS";

    private final Function<String, String> environment;

    /** Creates the factory; the service loader calls this. */
    public GoogleCloudDnsProviderFactory() {
        this(System::getenv);
    }

    GoogleCloudDnsProviderFactory(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "google";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("key-file", "service account JSON key file (holds a secret; default: environment variable "
                + KEY_FILE_VARIABLE + ")");
        options.put("project", "project id (default: the key file's project_id)");
        options.put("managed-zone", "name of the managed zone for every record (default: the deepest zone of the project)");
        options.put("ttl", "TTL of the TXT records in seconds (default: 60)");
        options.put("timeout", "deadline of each request in seconds (default: 30)");
        options.put("propagation-timeout", "longest wait for a change to be done in seconds (default: 120)");
        return options;
    }

    @Override
    public DnsProvider create(Map<String, String> options) {
        FactoryOptions o = new FactoryOptions(name(), options, options().keySet(), environment);
        Path file = Path.of(o.secret("key-file", KEY_FILE_VARIABLE));
        String key;
        try {
            key = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("google: cannot read the key file " + file, e);
        }
        GoogleCloudDnsProvider.Builder builder = GoogleCloudDnsProvider.builder(key);
        o.text("project").ifPresent(builder::project);
        o.text("managed-zone").ifPresent(builder::managedZone);
        o.seconds("ttl").ifPresent(builder::ttl);
        o.seconds("timeout").ifPresent(builder::timeout);
        o.seconds("propagation-timeout").ifPresent(builder::propagationTimeout);
        return builder.build();
    }
}
