package org.certwright.acme.lifecycle;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.ExternalAccountBinding;
import org.certwright.acme.crypto.KeyType;

/**
 * The ACME account a {@link CertificateManager} uses: its contacts, whether the CA's terms of
 * service are agreed to, the external account binding a CA may require, and the type of the
 * account key. The manager creates the account on first use and keeps its key and URL in the
 * store under {@link StoreLayout#accountLock accounts/&lt;ca-id&gt;/&lt;account-id&gt;}, where
 * the account id is derived from the contacts, so that a restart reuses it.
 *
 * @param contacts               the account's contact URLs, such as {@code mailto:} addresses
 * @param termsOfServiceAgreed   whether the operator agrees to the CA's terms of service
 * @param externalAccountBinding the binding to an account the CA knows, if it requires one
 * @param keyType                the account key's type
 * @since 0.2.0
 */
public record ManagedAccount(List<URI> contacts, boolean termsOfServiceAgreed,
                             Optional<ExternalAccountBinding> externalAccountBinding, KeyType keyType) {

    /**
     * Checks and copies the components.
     *
     * @since 0.2.0
     */
    public ManagedAccount {
        contacts = List.copyOf(contacts);
        Objects.requireNonNull(externalAccountBinding, "externalAccountBinding");
        Objects.requireNonNull(keyType, "keyType");
    }

    /**
     * An account with contacts that agrees to the terms of service, with an EC P-256 key and no
     * external account binding.
     *
     * @param contacts contact URLs, such as {@code mailto:admin@example.com}
     * @return the account description
     * @since 0.2.0
     */
    public static ManagedAccount agreeingToTerms(String... contacts) {
        List<URI> uris = new ArrayList<>();
        for (String c : contacts) {
            uris.add(URI.create(c));
        }
        return new ManagedAccount(uris, true, Optional.empty(), KeyType.EC_P256);
    }

    /**
     * The same account with an external account binding.
     *
     * @param binding the binding
     * @return a new description
     * @since 0.2.0
     */
    public ManagedAccount withExternalAccountBinding(ExternalAccountBinding binding) {
        return new ManagedAccount(contacts, termsOfServiceAgreed, Optional.of(binding), keyType);
    }

    /**
     * The account's id in the store: {@code default} without contacts, otherwise a hash of the
     * sorted contacts, so that one store can hold an account per contact set.
     *
     * @return a valid store name segment
     * @since 0.2.0
     */
    public String accountId() {
        if (contacts.isEmpty()) {
            return "default";
        }
        List<String> sorted = contacts.stream().map(URI::toString).sorted().toList();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", sorted).getBytes(StandardCharsets.UTF_8));
            return "contacts-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Does not show the binding's MAC key. */
    @Override
    public String toString() {
        return "ManagedAccount[" + contacts + ", terms agreed " + termsOfServiceAgreed
                + externalAccountBinding.map(b -> ", EAB key id " + b.keyId()).orElse("") + ", " + keyType + "]";
    }
}
