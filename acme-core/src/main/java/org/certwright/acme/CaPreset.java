package org.certwright.acme;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Well-known ACME certificate authorities by short name, so that nobody pastes directory URLs:
 * {@code AcmeClient.builder(CaPreset.LETS_ENCRYPT)}, or {@code CaPreset.resolve("letsencrypt")}
 * where a user types a name (a command line, a configuration property).
 *
 * <p>The URLs and requirements are those the CAs publish. A CA that
 * {@linkplain #requiresExternalAccountBinding() requires external account binding} only accepts
 * new accounts bound to a key obtained from its web console.
 *
 * @since 0.2.0
 */
public enum CaPreset {

    /** Let's Encrypt's production CA. */
    LETS_ENCRYPT("letsencrypt", "https://acme-v02.api.letsencrypt.org/directory", false, false),
    /** Let's Encrypt's staging CA: untrusted certificates, generous rate limits. */
    LETS_ENCRYPT_STAGING("letsencrypt-staging", "https://acme-staging-v02.api.letsencrypt.org/directory", false, true),
    /** Google Trust Services (needs an EAB key from Google Cloud). */
    GOOGLE("google", "https://dv.acme-v02.api.pki.goog/directory", true, false),
    /** Google Trust Services' staging CA (needs an EAB key for staging). */
    GOOGLE_STAGING("google-staging", "https://dv.acme-v02.test-api.pki.goog/directory", true, true),
    /** ZeroSSL (needs an EAB key from the ZeroSSL dashboard). */
    ZEROSSL("zerossl", "https://acme.zerossl.com/v2/DV90", true, false),
    /** Buypass Go SSL. */
    BUYPASS("buypass", "https://api.buypass.com/acme/directory", false, false),
    /** Buypass's test CA. */
    BUYPASS_STAGING("buypass-staging", "https://api.test4.buypass.no/acme/directory", false, true),
    /** SSL.com's ECDSA DV CA (needs an EAB key from the SSL.com account). */
    SSL_COM("sslcom", "https://acme.ssl.com/sslcom-dv-ecc", true, false),
    /**
     * A local Pebble on its default port, for tests. Its TLS certificate is not publicly trusted:
     * give the client Pebble's root with {@code trustedCertificates(...)}.
     */
    PEBBLE("pebble", "https://localhost:14000/dir", false, true);

    private final String shortName;
    private final URI directoryUrl;
    private final boolean requiresExternalAccountBinding;
    private final boolean test;

    CaPreset(String shortName, String directoryUrl, boolean requiresExternalAccountBinding, boolean test) {
        this.shortName = shortName;
        this.directoryUrl = URI.create(directoryUrl);
        this.requiresExternalAccountBinding = requiresExternalAccountBinding;
        this.test = test;
    }

    /** The name users type: {@code letsencrypt}, {@code google-staging}, {@code zerossl} and so on. */
    public String shortName() {
        return shortName;
    }

    /** The CA's directory URL. */
    public URI directoryUrl() {
        return directoryUrl;
    }

    /** Whether the CA refuses new accounts without an external account binding. */
    public boolean requiresExternalAccountBinding() {
        return requiresExternalAccountBinding;
    }

    /** Whether the CA issues certificates that browsers do not trust (staging and test CAs). */
    public boolean isTest() {
        return test;
    }

    /**
     * The preset with this short name, ignoring case.
     *
     * @param shortName a name such as {@code letsencrypt}
     * @return the preset, or empty if no preset has this name
     */
    public static Optional<CaPreset> named(String shortName) {
        String wanted = shortName.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.shortName.equals(wanted)).findFirst();
    }

    /**
     * The directory URL for what a user typed: a preset's short name, or an {@code https} (or
     * {@code http}) URL taken as it is.
     *
     * @param nameOrUrl a short name such as {@code letsencrypt}, or a directory URL
     * @return the directory URL
     * @throws IllegalArgumentException naming the known presets, if {@code nameOrUrl} is neither
     */
    public static URI resolve(String nameOrUrl) {
        String text = nameOrUrl.strip();
        Optional<CaPreset> preset = named(text);
        if (preset.isPresent()) {
            return preset.get().directoryUrl;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            try {
                URI url = new URI(text);
                if (url.getHost() != null) {
                    return url;
                }
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("'" + text + "' is not a valid directory URL: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("'" + text + "' is neither a known CA (" + shortNames()
                + ") nor an https:// directory URL");
    }

    /** The short names of all presets, comma-separated, for messages and help texts. */
    public static String shortNames() {
        return Arrays.stream(values()).map(CaPreset::shortName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return shortName;
    }
}
