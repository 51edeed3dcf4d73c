/** Runnable examples and tools built on Certwright. */
module org.certwright.acme.examples {
    requires org.certwright.acme;
    requires org.certwright.acme.challenges;
    requires org.certwright.testkit;
    requires info.picocli;
    requires java.management;
    requires org.postgresql.jdbc;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;

    opens org.certwright.acme.examples to info.picocli;
}
