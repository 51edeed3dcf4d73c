package org.certwright.acme.challenges.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.Session;
import org.certwright.acme.challenges.EmbeddedHttpResponder;
import org.certwright.acme.challenges.WebrootHttpResponder;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** http-01 validated for real by Pebble, through the embedded server and through a webroot. */
@Pebble(authzReusePercent = 0)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class Http01IT {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeServers() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void embeddedServer(PebbleServer pebble) throws Exception {
        EmbeddedHttpResponder http01 = embedded(pebble);
        String name = PebbleSessions.uniqueName("embedded");
        RecordingListener listener = new RecordingListener();

        IssuedCertificate issued = issue(pebble, IssuanceRequest.builder().dns(name).responders(http01)
                .listener(listener).build());

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).containsExactly(Identifier.dns(name));
        assertThat(listener.freshTypes()).containsExactly(Challenge.HTTP_01);
        assertCleanedUp(http01, pebble);
    }

    @Test
    void tenNameCertificate(PebbleServer pebble) throws Exception {
        EmbeddedHttpResponder http01 = embedded(pebble);
        String base = PebbleSessions.uniqueName("ten");
        List<Identifier> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            names.add(Identifier.dns("n" + i + "." + base));
        }
        RecordingListener listener = new RecordingListener();

        IssuedCertificate issued = issue(pebble, IssuanceRequest.builder().identifiers(names).responders(http01)
                .listener(listener).build());

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).containsExactlyInAnyOrderElementsOf(names);
        assertThat(listener.freshTypes()).hasSize(10).containsOnly(Challenge.HTTP_01);
        assertCleanedUp(http01, pebble);
    }

    @Test
    void tenNamesAreSeenByOneLookAtTheOrderAfterPebbleFetchedEveryFile(PebbleServer pebble) throws Exception {
        EmbeddedHttpResponder http01 = embedded(pebble);
        String base = PebbleSessions.uniqueName("looked");
        List<Identifier> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            names.add(Identifier.dns("n" + i + "." + base));
        }
        List<java.util.concurrent.CompletableFuture<Void>> signals = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.certwright.acme.challenge.ChallengeResponder watching = new org.certwright.acme.challenge.ChallengeResponder() {
            @Override
            public java.util.Set<String> challengeTypes() {
                return http01.challengeTypes();
            }

            @Override
            public org.certwright.acme.challenge.Provision provision(org.certwright.acme.challenge.ChallengeContext c)
                    throws org.certwright.acme.problem.AcmeException {
                org.certwright.acme.challenge.Provision p = http01.provision(c);
                signals.add(p.validationSeen().orElseThrow().toCompletableFuture());
                return p;
            }
        };
        List<String> polls = new java.util.concurrent.CopyOnWriteArrayList<>();
        Session session = Session.builder(pebble.directoryUrl(), org.certwright.acme.crypto.KeyType.EC_P256.generate())
                .trustedCertificates(List.of(pebble.trustAnchor()))
                .eventListener(new org.certwright.acme.AcmeEventListener() {
                    @Override
                    public void polled(java.net.URI url, org.certwright.acme.Status status, int attempt) {
                        // Every file was fetched by Pebble before the first look.
                        polls.add(url.getPath() + " " + status + " after "
                                + signals.stream().filter(java.util.concurrent.CompletableFuture::isDone).count());
                    }
                })
                .build();
        session.register(org.certwright.acme.NewRegistration.builder().agreeToTermsOfService().build());

        new CertificateIssuer(session).issue(IssuanceRequest.builder().identifiers(names).responders(watching).build());

        // One look at the order once Pebble fetched all ten files (ten authorization polls before),
        // then at most the poll of the order after finalize.
        assertThat(polls).isNotEmpty().hasSizeLessThanOrEqualTo(2)
                .allSatisfy(p -> assertThat(p).containsIgnoringCase("order").endsWith("after 10"));
        assertThat(polls.get(0)).containsIgnoringCase("ready");
        assertCleanedUp(http01, pebble);
    }

    @Test
    void concurrentOrdersShareTheEmbeddedServer(PebbleServer pebble) throws Exception {
        EmbeddedHttpResponder http01 = embedded(pebble);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<IssuedCertificate>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String name = PebbleSessions.uniqueName("concurrent" + i);
                futures.add(pool.submit(() -> issue(pebble, IssuanceRequest.builder().dns(name, "www." + name)
                        .responders(http01).build())));
            }
            for (Future<IssuedCertificate> f : futures) {
                assertThat(Certificate.namedIdentifiers(f.get().certificate().leaf())).hasSize(2);
            }
        } finally {
            pool.shutdownNow();
        }
        assertCleanedUp(http01, pebble);
    }

    @Test
    void webrootServedByAnotherServer(PebbleServer pebble, @TempDir Path webroot) throws Exception {
        StaticFileServer files = StaticFileServer.start(webroot, pebble.httpPort());
        toClose.add(files);
        String name = PebbleSessions.uniqueName("webroot");
        RecordingListener listener = new RecordingListener();

        issue(pebble, IssuanceRequest.builder().dns(name, "www." + name).responders(new WebrootHttpResponder(webroot))
                .listener(listener).build());

        assertThat(listener.freshTypes()).containsExactly(Challenge.HTTP_01, Challenge.HTTP_01);
        // Pebble fetched both files from the web server, which read them from the webroot.
        assertThat(files.served()).hasSizeGreaterThanOrEqualTo(2)
                .allMatch(p -> p.startsWith("/.well-known/acme-challenge/"));
        try (Stream<Path> left = Files.list(webroot.resolve(".well-known/acme-challenge"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void discoveredWithServiceLoader(PebbleServer pebble) throws Exception {
        System.setProperty(EmbeddedHttpResponder.ADDRESS_PROPERTY, "127.0.0.1");
        System.setProperty(EmbeddedHttpResponder.PORT_PROPERTY, Integer.toString(pebble.httpPort()));
        try {
            String name = PebbleSessions.uniqueName("discovered");
            RecordingListener listener = new RecordingListener();
            // No responders given: the issuer finds the registered ones.
            issue(pebble, IssuanceRequest.builder().dns(name).challengeTypes(Challenge.HTTP_01).listener(listener).build());
            assertThat(listener.freshTypes()).containsExactly(Challenge.HTTP_01);
        } finally {
            System.clearProperty(EmbeddedHttpResponder.ADDRESS_PROPERTY);
            System.clearProperty(EmbeddedHttpResponder.PORT_PROPERTY);
        }
        assertThat(refusesConnections(pebble.httpPort())).isTrue();
    }

    private EmbeddedHttpResponder embedded(PebbleServer pebble) {
        EmbeddedHttpResponder responder = new EmbeddedHttpResponder(InetAddress.getLoopbackAddress(), pebble.httpPort());
        toClose.add(responder);
        return responder;
    }

    private static IssuedCertificate issue(PebbleServer pebble, IssuanceRequest request) throws Exception {
        Session session = PebbleSessions.withAccount(pebble);
        return new CertificateIssuer(session).issue(request);
    }

    /** Nothing in flight any more: the server has stopped and its port is free. */
    private static void assertCleanedUp(EmbeddedHttpResponder responder, PebbleServer pebble) {
        assertThat(responder.isListening()).isFalse();
        assertThat(refusesConnections(pebble.httpPort())).isTrue();
    }

    static boolean refusesConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
