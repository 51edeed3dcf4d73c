package org.certwright.acme.cli;

import java.io.IOException;
import java.net.URI;
import java.security.KeyPair;
import java.util.Optional;
import org.certwright.acme.AcmeClient;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Registration;
import org.certwright.acme.Session;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.problem.AcmeException;

/** One command's CA, state directory and account. */
final class CaContext {

    final CommonOptions options;
    final Reporter reporter;
    final StateDirectory state;
    final URI directoryUrl;
    final AcmeClient client;

    private CaContext(CommonOptions options) throws IOException, AcmeException {
        this.options = options;
        this.reporter = options.reporter();
        this.directoryUrl = options.directoryUrl();
        this.state = StateDirectory.open(options.stateDir);
        this.client = options.client();
    }

    /** Opens the state directory and builds the client. */
    static CaContext open(CommonOptions options) throws IOException, AcmeException {
        return new CaContext(options);
    }

    /** The stored account's session, or a usage error that says how to create one. */
    Session accountSession() throws AcmeException {
        Optional<StateDirectory.StoredAccount> stored = state.account(directoryUrl, options.account);
        if (stored.isEmpty() || stored.get().url().isEmpty()) {
            throw new IllegalArgumentException("no account '" + options.account + "' for " + directoryUrl + " in "
                    + state.root() + "; create one with: certwright register --server " + options.server
                    + " --agree-tos [--email you@example.com]");
        }
        return client.session(AccountKey.of(stored.get().key()), stored.get().url().get());
    }

    /** Whether an account is stored for this CA. */
    boolean hasAccount() throws AcmeException {
        return state.account(directoryUrl, options.account).flatMap(StateDirectory.StoredAccount::url).isPresent();
    }

    /**
     * Registers (or finds again) the account: a stored key is reused, so running this twice
     * does not make a second account.
     */
    Registration register(NewRegistration request, KeyType keyType) throws AcmeException {
        KeyPair key;
        Optional<StateDirectory.StoredAccount> stored = state.account(directoryUrl, options.account);
        if (stored.isPresent()) {
            key = stored.get().key();
        } else {
            key = keyType.generate();
            state.saveAccountKey(directoryUrl, options.account, key);
        }
        reporter.progress("registering an account at " + directoryUrl);
        Registration registration = client.session(AccountKey.of(key)).register(request);
        state.saveAccount(directoryUrl, options.account, registration.url(), registration.contacts());
        return registration;
    }
}
