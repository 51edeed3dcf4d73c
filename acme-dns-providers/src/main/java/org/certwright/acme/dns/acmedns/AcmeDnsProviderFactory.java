package org.certwright.acme.dns.acmedns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.certwright.acme.dns.internal.FactoryOptions;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes an {@link AcmeDnsProvider} from text options: {@code --dns acme-dns --dns-option
 * api-url=https://auth.acme-dns.io/ --dns-option accounts-file=/etc/certwright/acme-dns.json}, where the
 * file maps domains to registrations as lego's {@code ACME_DNS_STORAGE_PATH} file does
 * ({@code {"example.com": {"username": ..., "password": ..., "subdomain": ..., "fulldomain": ...,
 * "allowfrom": []}}}); or one registration given by the options {@code username}, {@code password} (or
 * the environment variable {@value #PASSWORD_VARIABLE}), {@code subdomain} and {@code fulldomain}.
 *
 * @since 0.2.0
 */
public final class AcmeDnsProviderFactory implements DnsProviderFactory {

    /** The environment variable read for the password of a single registration. */
    public static final String PASSWORD_VARIABLE = "ACME_DNS_PASSWORD";

    private final Function<String, String> environment;

    /** Creates the factory; the service loader calls this. */
    public AcmeDnsProviderFactory() {
        this(System::getenv);
    }

    AcmeDnsProviderFactory(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "acme-dns";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("api-url", "base URL of the acme-dns API, e.g. https://auth.acme-dns.io/ (required)");
        options.put("accounts-file", "JSON file of registrations by domain, as lego's ACME_DNS_STORAGE_PATH"
                + " (holds secrets)");
        options.put("username", "X-Api-User of a single registration");
        options.put("password", "X-Api-Key of a single registration (secret; default: environment variable "
                + PASSWORD_VARIABLE + ")");
        options.put("subdomain", "subdomain of a single registration");
        options.put("fulldomain", "full domain of a single registration (the CNAME target)");
        options.put("timeout", "deadline of each request in seconds (default: 30)");
        return options;
    }

    @Override
    public DnsProvider create(Map<String, String> options) {
        FactoryOptions o = new FactoryOptions(name(), options, options().keySet(), environment);
        AcmeDnsProvider.Builder builder = AcmeDnsProvider.builder(o.url("api-url"));
        Optional<String> file = o.text("accounts-file");
        file.ifPresent(f -> readAccounts(Path.of(f)).forEach(builder::account));
        if (o.text("username").isPresent() || file.isEmpty()) {
            builder.account(new AcmeDnsAccount(o.required("username"), o.secret("password", PASSWORD_VARIABLE),
                    o.required("subdomain"), o.required("fulldomain"), List.of()));
        }
        o.seconds("timeout").ifPresent(builder::timeout);
        return builder.build();
    }

    /** lego's storage file: domain to registration. */
    static Map<String, AcmeDnsAccount> readAccounts(Path file) {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("acme-dns: cannot read accounts-file " + file, e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("acme-dns: accounts-file " + file + " is not JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("acme-dns: accounts-file " + file + " must hold a JSON object of"
                    + " registrations by domain");
        }
        Map<String, AcmeDnsAccount> accounts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            JsonNode a = entry.getValue();
            List<String> allowFrom = new ArrayList<>();
            a.path("allowfrom").forEach(n -> allowFrom.add(n.asString()));
            try {
                accounts.put(entry.getKey(), new AcmeDnsAccount(a.path("username").asString(""),
                        a.path("password").asString(""), a.path("subdomain").asString(""),
                        a.path("fulldomain").asString(""), allowFrom));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("acme-dns: accounts-file " + file + ", domain '" + entry.getKey()
                        + "': " + e.getMessage(), e);
            }
        }
        return accounts;
    }
}
