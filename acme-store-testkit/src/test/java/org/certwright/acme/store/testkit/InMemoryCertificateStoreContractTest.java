package org.certwright.acme.store.testkit;

import org.certwright.acme.lifecycle.CertificateStore;

/** The reference in-memory store keeps the contract: the SPI can be implemented in a page. */
class InMemoryCertificateStoreContractTest extends CertificateStoreContract {

    @Override
    protected CertificateStore createStore(SimulatedClock clock) {
        return new InMemoryCertificateStore(clock, InMemoryCertificateStore.Defect.NONE);
    }
}
