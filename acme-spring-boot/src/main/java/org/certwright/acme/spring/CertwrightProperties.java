package org.certwright.acme.spring;

import java.net.IDN;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.certwright.acme.CaPreset;
import org.certwright.acme.Challenge;
import org.certwright.acme.crypto.KeyType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code certwright.*} properties. Spring Boot binds them and then calls {@link #validate},
 * so a mistake stops start-up with a message naming the property, before anything talks to a CA.
 *
 * @since 0.2.0
 */
@ConfigurationProperties(prefix = CertwrightProperties.PREFIX)
public class CertwrightProperties implements Validator {

    /** The prefix of every property. */
    public static final String PREFIX = "certwright";

    /** The default name of the SSL bundle, for {@code server.ssl.bundle}. */
    public static final String DEFAULT_BUNDLE = "certwright";

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Set<String> SUPPORTED_CHALLENGES = Set.of(Challenge.HTTP_01);

    /** Whether Certwright manages a certificate at all; off, the autoconfiguration does nothing. */
    private boolean enabled = true;

    /** The DNS names of the certificate, the first one naming it in the store. */
    private List<String> domains = new ArrayList<>();

    /**
     * The CA: a preset's short name (letsencrypt, letsencrypt-staging, google, google-staging,
     * zerossl, buypass, buypass-staging, sslcom, pebble) or an https:// directory URL.
     */
    private String server = "letsencrypt";

    /** The account's contact address, without "mailto:". */
    private String email;

    /** Whether you agree to the CA's terms of service; the CA creates no account without it. */
    private boolean agreeTermsOfService;

    /** The certificate key's type. */
    private KeyType keyType = KeyType.EC_P256;

    /** The CA's certificate profile (ACME profiles), if the CA offers several. */
    private String profile;

    /** The challenge types to use; http-01 is answered by the application itself. */
    private List<String> challengeTypes = new ArrayList<>(List.of(Challenge.HTTP_01));

    /** The name of the SSL bundle registered with Spring Boot, for server.ssl.bundle. */
    private String bundle = DEFAULT_BUNDLE;

    /**
     * A PEM file of CA certificates to trust for the CA's own HTTPS, for private CAs and tests;
     * the JDK's trust store otherwise.
     */
    private Path trustedCertificates;

    private final Eab eab = new Eab();

    private final Store store = new Store();

    private final Http01 http01 = new Http01();

    private final Startup startup = new Startup();

    /**
     * Whether Certwright is on.
     *
     * @return {@code true} by default
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Turns Certwright on or off.
     *
     * @param enabled whether it is on
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The certificate's DNS names.
     *
     * @return the names, as configured
     */
    public List<String> getDomains() {
        return domains;
    }

    /**
     * Sets the certificate's DNS names.
     *
     * @param domains the names
     */
    public void setDomains(List<String> domains) {
        this.domains = domains;
    }

    /**
     * The CA, as configured.
     *
     * @return a preset's short name or a directory URL
     */
    public String getServer() {
        return server;
    }

    /**
     * Sets the CA.
     *
     * @param server a preset's short name or a directory URL
     */
    public void setServer(String server) {
        this.server = server;
    }

    /**
     * The account's contact address.
     *
     * @return the address, or {@code null}
     */
    public String getEmail() {
        return email;
    }

    /**
     * Sets the account's contact address.
     *
     * @param email an address such as {@code admin@example.com}
     */
    public void setEmail(String email) {
        this.email = email;
    }

    /**
     * Whether the CA's terms of service are agreed to.
     *
     * @return {@code false} unless set
     */
    public boolean isAgreeTermsOfService() {
        return agreeTermsOfService;
    }

    /**
     * Agrees, or not, to the CA's terms of service.
     *
     * @param agreeTermsOfService whether you agree
     */
    public void setAgreeTermsOfService(boolean agreeTermsOfService) {
        this.agreeTermsOfService = agreeTermsOfService;
    }

    /**
     * The certificate key's type.
     *
     * @return EC P-256 unless set
     */
    public KeyType getKeyType() {
        return keyType;
    }

    /**
     * Sets the certificate key's type.
     *
     * @param keyType the type
     */
    public void setKeyType(KeyType keyType) {
        this.keyType = keyType;
    }

    /**
     * The CA's certificate profile.
     *
     * @return the profile, or {@code null} for the CA's default
     */
    public String getProfile() {
        return profile;
    }

    /**
     * Sets the CA's certificate profile.
     *
     * @param profile a profile the CA offers
     */
    public void setProfile(String profile) {
        this.profile = profile;
    }

    /**
     * The challenge types to use.
     *
     * @return {@code [http-01]} unless set
     */
    public List<String> getChallengeTypes() {
        return challengeTypes;
    }

    /**
     * Sets the challenge types.
     *
     * @param challengeTypes the types
     */
    public void setChallengeTypes(List<String> challengeTypes) {
        this.challengeTypes = challengeTypes;
    }

    /**
     * The SSL bundle's name.
     *
     * @return {@value #DEFAULT_BUNDLE} unless set
     */
    public String getBundle() {
        return bundle;
    }

    /**
     * Sets the SSL bundle's name.
     *
     * @param bundle the name to give in {@code server.ssl.bundle}
     */
    public void setBundle(String bundle) {
        this.bundle = bundle;
    }

    /**
     * The PEM file of CA certificates trusted for the CA's HTTPS.
     *
     * @return the file, or {@code null} for the JDK's trust store
     */
    public Path getTrustedCertificates() {
        return trustedCertificates;
    }

    /**
     * Sets the PEM file of CA certificates trusted for the CA's HTTPS.
     *
     * @param trustedCertificates the file
     */
    public void setTrustedCertificates(Path trustedCertificates) {
        this.trustedCertificates = trustedCertificates;
    }

    /**
     * External account binding.
     *
     * @return the nested properties
     */
    public Eab getEab() {
        return eab;
    }

    /**
     * Where certificates are kept.
     *
     * @return the nested properties
     */
    public Store getStore() {
        return store;
    }

    /**
     * How http-01 challenges are answered.
     *
     * @return the nested properties
     */
    public Http01 getHttp01() {
        return http01;
    }

    /**
     * What happens at start-up while there is no certificate yet.
     *
     * @return the nested properties
     */
    public Startup getStartup() {
        return startup;
    }

    /**
     * The certificate's name in the store and in events: the first domain, in lower case.
     *
     * @return the name
     */
    public String certificateName() {
        return domains.get(0).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Only validates this class.
     *
     * @param clazz the class of the object to validate
     * @return whether it is this class
     */
    @Override
    public boolean supports(Class<?> clazz) {
        return CertwrightProperties.class.isAssignableFrom(clazz);
    }

    /**
     * Checks the bound values; Spring Boot reports every error with its property.
     *
     * @param target this object
     * @param errors where the errors go
     */
    @Override
    public void validate(Object target, Errors errors) {
        CertwrightProperties p = (CertwrightProperties) target;
        if (!p.enabled) {
            return;
        }
        if (p.domains == null || p.domains.isEmpty()) {
            errors.rejectValue("domains", "certwright.domains.missing",
                    "give at least one DNS name, e.g. certwright.domains=example.com");
        } else {
            for (String d : p.domains) {
                domainProblem(d).ifPresent(why -> errors.rejectValue("domains", "certwright.domains.malformed",
                        "'" + d + "' is not a DNS name this starter can obtain a certificate for: " + why));
            }
        }
        Optional<CaPreset> preset = Optional.empty();
        if (p.server == null || p.server.isBlank()) {
            errors.rejectValue("server", "certwright.server.missing",
                    "name a CA (" + CaPreset.shortNames() + ") or give its https:// directory URL");
        } else {
            try {
                CaPreset.resolve(p.server);
                preset = CaPreset.named(p.server);
            } catch (IllegalArgumentException e) {
                errors.rejectValue("server", "certwright.server.unknown", e.getMessage());
            }
        }
        if (!p.agreeTermsOfService) {
            errors.rejectValue("agreeTermsOfService", "certwright.terms.missing",
                    "the CA creates no account unless you agree to its terms of service: read them and set "
                            + "certwright.agree-terms-of-service=true");
        }
        if (preset.isPresent() && preset.get().requiresExternalAccountBinding() && !p.eab.isConfigured()) {
            errors.rejectValue("eab.keyId", "certwright.eab.missing", preset.get().shortName()
                    + " needs an external account binding: set certwright.eab.key-id and certwright.eab.hmac-key");
        }
        if ((p.eab.keyId == null) != (p.eab.hmacKey == null)) {
            errors.rejectValue(p.eab.keyId == null ? "eab.keyId" : "eab.hmacKey", "certwright.eab.incomplete",
                    "an external account binding needs both certwright.eab.key-id and certwright.eab.hmac-key");
        }
        if (p.challengeTypes == null || p.challengeTypes.isEmpty()) {
            errors.rejectValue("challengeTypes", "certwright.challenges.missing", "give at least http-01");
        } else {
            for (String t : p.challengeTypes) {
                if (!SUPPORTED_CHALLENGES.contains(t)) {
                    errors.rejectValue("challengeTypes", "certwright.challenges.unsupported",
                            "'" + t + "' is not answered by the starter; supported: " + SUPPORTED_CHALLENGES);
                }
            }
        }
        if (p.bundle == null || p.bundle.isBlank()) {
            errors.rejectValue("bundle", "certwright.bundle.missing", "the SSL bundle needs a name");
        }
        if (p.trustedCertificates != null && !Files.isReadable(p.trustedCertificates)) {
            errors.rejectValue("trustedCertificates", "certwright.trust.unreadable",
                    "cannot read the PEM file " + p.trustedCertificates);
        }
        Integer port = p.http01.port;
        if (port != null && (port < 1 || port > 65535)) {
            errors.rejectValue("http01.port", "certwright.http01.port", "a port is between 1 and 65535");
        }
        if (p.startup.wait == null || p.startup.wait.isNegative()) {
            errors.rejectValue("startup.wait", "certwright.startup.wait", "a wait cannot be negative");
        }
    }

    private static Optional<String> domainProblem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("it is empty");
        }
        String d = name.strip();
        if (d.startsWith("*.")) {
            return Optional.of("a wildcard needs dns-01, which the starter does not answer");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(d, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (ascii.length() > 253 || !ascii.contains(".")) {
            return Optional.of("a public name has at least two labels and at most 253 characters");
        }
        for (String label : ascii.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("the label '" + label + "' is not a valid DNS label");
            }
        }
        if (ascii.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return Optional.of("an IP address is not a DNS name");
        }
        return Optional.empty();
    }

    /**
     * External account binding, for CAs that only accept accounts bound to one in their console.
     *
     * @since 0.2.0
     */
    public static class Eab {

        /** The key identifier the CA gave. */
        private String keyId;

        /** The MAC key the CA gave, base64url-encoded as the CA shows it. */
        private String hmacKey;

        /**
         * The key identifier.
         *
         * @return the identifier, or {@code null}
         */
        public String getKeyId() {
            return keyId;
        }

        /**
         * Sets the key identifier.
         *
         * @param keyId the identifier
         */
        public void setKeyId(String keyId) {
            this.keyId = keyId;
        }

        /**
         * The MAC key.
         *
         * @return the base64url key, or {@code null}
         */
        public String getHmacKey() {
            return hmacKey;
        }

        /**
         * Sets the MAC key.
         *
         * @param hmacKey the base64url key
         */
        public void setHmacKey(String hmacKey) {
            this.hmacKey = hmacKey;
        }

        boolean isConfigured() {
            return keyId != null && hmacKey != null;
        }
    }

    /**
     * Where accounts, keys and certificates are kept.
     *
     * @since 0.2.0
     */
    public static class Store {

        /**
         * The store: auto (the application's DataSource if it has one, else the directory),
         * file or jdbc.
         */
        private StoreType type = StoreType.AUTO;

        /** The directory of the file store. */
        private Path path = Path.of(".certwright");

        /** The prefix of the JDBC store's tables. */
        private String tablePrefix = "certwright_";

        /**
         * The store's type.
         *
         * @return {@link StoreType#AUTO} unless set
         */
        public StoreType getType() {
            return type;
        }

        /**
         * Sets the store's type.
         *
         * @param type the type
         */
        public void setType(StoreType type) {
            this.type = type;
        }

        /**
         * The file store's directory.
         *
         * @return {@code .certwright} in the working directory unless set
         */
        public Path getPath() {
            return path;
        }

        /**
         * Sets the file store's directory.
         *
         * @param path the directory
         */
        public void setPath(Path path) {
            this.path = path;
        }

        /**
         * The JDBC store's table prefix.
         *
         * @return {@code certwright_} unless set
         */
        public String getTablePrefix() {
            return tablePrefix;
        }

        /**
         * Sets the JDBC store's table prefix.
         *
         * @param tablePrefix the prefix
         */
        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }
    }

    /**
     * The kinds of store.
     *
     * @since 0.2.0
     */
    public enum StoreType {
        /** The application's {@code DataSource} if there is exactly one, else the directory. */
        AUTO,
        /** A directory ({@code certwright.store.path}). */
        FILE,
        /** The application's {@code DataSource}, shared by every instance of a cluster. */
        JDBC
    }

    /**
     * How http-01 challenges are answered.
     *
     * @since 0.2.0
     */
    public static class Http01 {

        /**
         * A plain-HTTP port on which the challenges are answered (80 in production, where the CA
         * connects): on Tomcat an extra connector of the application's own server, elsewhere a
         * small listener; it answers challenges and redirects everything else to HTTPS. Unset,
         * the challenges are answered only on the application's own connectors.
         */
        private Integer port;

        /**
         * The extra port.
         *
         * @return the port, or {@code null}
         */
        public Integer getPort() {
            return port;
        }

        /**
         * Sets the extra port.
         *
         * @param port the port
         */
        public void setPort(Integer port) {
            this.port = port;
        }
    }

    /**
     * What happens at start-up while there is no valid certificate in the store.
     *
     * @since 0.2.0
     */
    public static class Startup {

        /**
         * How long start-up waits, once the web server is listening, for the first certificate
         * before the application is reported started; 0 (the default) does not wait. Either way a
         * temporary self-signed certificate is served until the real one arrives.
         */
        private Duration wait = Duration.ZERO;

        /**
         * How long start-up waits for the first certificate.
         *
         * @return zero unless set
         */
        public Duration getWait() {
            return wait;
        }

        /**
         * Sets how long start-up waits for the first certificate.
         *
         * @param wait the wait
         */
        public void setWait(Duration wait) {
            this.wait = wait;
        }
    }
}
