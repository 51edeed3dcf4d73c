package org.certwright.acme;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to send when creating an account (RFC 8555 §7.3): contacts, agreement to the terms of
 * service and, where the CA requires one, an external account binding.
 *
 * <pre>{@code
 * NewRegistration request = NewRegistration.builder()
 *         .contact("mailto:ops@example.com")
 *         .agreeToTermsOfService()
 *         .build();
 * }</pre>
 *
 * @param contacts               contact URLs
 * @param termsOfServiceAgreed   whether the caller agrees to the CA's terms of service
 * @param externalAccountBinding the binding to an account at the CA, if the CA requires one
 */
public record NewRegistration(List<URI> contacts, boolean termsOfServiceAgreed,
                              Optional<ExternalAccountBinding> externalAccountBinding) {

    /** Creates a request; the list is copied. */
    public NewRegistration {
        contacts = List.copyOf(contacts);
        Objects.requireNonNull(externalAccountBinding, "externalAccountBinding");
        for (URI c : contacts) {
            if (!c.isAbsolute()) {
                throw new IllegalArgumentException("contact is not an absolute URL such as mailto:a@example.com: " + c);
            }
        }
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link NewRegistration}. Not thread-safe. */
    public static final class Builder {
        private final List<URI> contacts = new ArrayList<>();
        private boolean agreed;
        private ExternalAccountBinding binding;

        private Builder() {
        }

        /** Adds a contact URL, for example {@code mailto:ops@example.com}. */
        public Builder contact(String url) {
            return contact(URI.create(url));
        }

        /** Adds a contact URL. */
        public Builder contact(URI url) {
            contacts.add(Objects.requireNonNull(url, "url"));
            return this;
        }

        /** Agrees to the CA's terms of service ({@link Directory.Meta#termsOfService()}). */
        public Builder agreeToTermsOfService() {
            this.agreed = true;
            return this;
        }

        /** Binds the new account to an account at the CA. */
        public Builder externalAccountBinding(ExternalAccountBinding binding) {
            this.binding = Objects.requireNonNull(binding, "binding");
            return this;
        }

        /** The request. */
        public NewRegistration build() {
            return new NewRegistration(contacts, agreed, Optional.ofNullable(binding));
        }
    }
}
