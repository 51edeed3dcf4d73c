package org.certwright.acme.store.testkit;

import java.nio.file.Path;
import java.util.Optional;
import org.certwright.acme.lifecycle.CertificateStore;
import org.certwright.acme.lifecycle.FileCertificateStore;
import org.junit.jupiter.api.io.TempDir;

/** The file-system store keeps the store contract, including across a restart. */
class FileCertificateStoreContractTest extends CertificateStoreContract {

    @TempDir
    Path directory;

    @Override
    protected CertificateStore createStore(SimulatedClock clock) throws Exception {
        return FileCertificateStore.open(directory.resolve("store"), clock);
    }

    @Override
    protected Optional<CertificateStore> reopenStore(SimulatedClock clock) throws Exception {
        return Optional.of(FileCertificateStore.open(directory.resolve("store"), clock));
    }
}
