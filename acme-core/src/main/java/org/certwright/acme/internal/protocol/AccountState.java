package org.certwright.acme.internal.protocol;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.certwright.acme.crypto.AccountKey;

/**
 * The session's account: its key, which a key rollover replaces, and its URL once known. Both are
 * read on every signed request, so they are atomics rather than guarded by a lock.
 */
public final class AccountState {

    private final AtomicReference<AccountKey> key;
    private final AtomicReference<URI> url;

    /** Creates the state for a key and, if already known, the account URL. */
    public AccountState(AccountKey key, Optional<URI> url) {
        this.key = new AtomicReference<>(Objects.requireNonNull(key, "key"));
        this.url = new AtomicReference<>(url.orElse(null));
    }

    /** The current account key. */
    public AccountKey key() {
        return key.get();
    }

    /** Replaces the key after a successful rollover. */
    public void replaceKey(AccountKey newKey) {
        key.set(Objects.requireNonNull(newKey, "newKey"));
    }

    /** The account URL, if known. */
    public Optional<URI> url() {
        return Optional.ofNullable(url.get());
    }

    /** Records the account URL the CA returned. */
    public void setUrl(URI accountUrl) {
        url.set(Objects.requireNonNull(accountUrl, "accountUrl"));
    }
}
