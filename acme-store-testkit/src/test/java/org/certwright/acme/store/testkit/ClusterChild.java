package org.certwright.acme.store.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.certwright.acme.AcmeClient;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.lifecycle.CertificateManager;
import org.certwright.acme.lifecycle.ManagedCertificate;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An application instance for {@link ClusterIT} that is killed mid-issuance: it manages one
 * certificate on the shared PostgreSQL store, creates the account, takes the certificate's lock,
 * prints {@code provisioning <name>} when the CA's challenge reaches its responder, and then
 * hangs there until it is killed.
 *
 * <p>Arguments: PostgreSQL port, table prefix, directory URL, trust anchor PEM, name.
 */
public final class ClusterChild {

    private ClusterChild() {
    }

    /**
     * Runs until killed.
     *
     * @param args see the class comment
     * @throws Exception on a failure, which ends the process with it
     */
    public static void main(String[] args) throws Exception {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {"127.0.0.1"});
        source.setPortNumbers(new int[] {Integer.parseInt(args[0])});
        source.setDatabaseName("postgres");
        source.setUser(PostgresServer.USER);
        String name = args[4];
        AcmeClient client = AcmeClient.builder(java.net.URI.create(args[2]))
                .trustedCertificates(Pem.readCertificates(java.nio.file.Files.readString(Path.of(args[3]))))
                .build();
        ChallengeResponder hangs = new ChallengeResponder() {
            @Override
            public Set<String> challengeTypes() {
                return Set.of("http-01");
            }

            @Override
            public Provision provision(ChallengeContext context) throws ProvisioningException {
                System.out.println("provisioning " + name);
                System.out.flush();
                try {
                    new CountDownLatch(1).await(); // until killed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new ProvisioningException("interrupted");
            }
        };
        CertificateManager manager = CertificateManager.builder().ca(client, ClusterIT.ACCOUNT)
                .store(ClusterIT.store(source, args[1])).owner("doomed").leaseDuration(Duration.ofSeconds(6))
                .certificate(ManagedCertificate.builder().dns(name).responders(hangs).build())
                .build();
        manager.start();
        Thread.sleep(Duration.ofMinutes(5).toMillis());
        System.exit(3); // not killed: the parent gave up
    }
}
