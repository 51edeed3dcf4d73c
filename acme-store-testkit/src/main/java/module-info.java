/**
 * A conformance kit for {@link org.certwright.acme.lifecycle.CertificateStore} implementations:
 * subclass {@link org.certwright.acme.store.testkit.CertificateStoreContract} in a JUnit 5 test
 * and it checks blobs, names, leases and fencing against the SPI's contract.
 */
module org.certwright.acme.store.testkit {
    requires transitive org.certwright.acme;
    requires transitive org.junit.jupiter.api;

    exports org.certwright.acme.store.testkit;
    // JUnit calls the inherited test methods reflectively.
    opens org.certwright.acme.store.testkit to org.junit.platform.commons;
}
