package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// A provision held open by try-with-resources is the point of the block, not an unused resource.
@SuppressWarnings("try")
class WebrootHttpResponderTest {

    @TempDir
    Path webroot;

    @Test
    void writesTheFileAndRemovesItAtCleanUp() throws Exception {
        WebrootHttpResponder responder = new WebrootHttpResponder(webroot);
        ChallengeContext context = Contexts.http01("example.com");
        HttpResource resource = context.httpResource().orElseThrow();
        Path file = webroot.resolve(".well-known/acme-challenge/" + resource.name());

        Provision provision = responder.provision(context);
        assertThat(file).hasContent(resource.content());
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(resource.content()); // no newline
        assertThat(listChallengeDirectory()).containsExactly(resource.name()); // no temp file left

        provision.close();
        assertThat(file).doesNotExist();
        assertThat(webroot.resolve(".well-known/acme-challenge")).isEmptyDirectory();
    }

    @Test
    void makesFilesAndNewDirectoriesReadableByTheWebServer() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        ChallengeContext context = Contexts.http01("example.com");
        try (Provision p = new WebrootHttpResponder(webroot).provision(context)) {
            Path dir = webroot.resolve(".well-known/acme-challenge");
            Path file = dir.resolve(context.httpResource().orElseThrow().name());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-xr-x");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent())))
                    .isEqualTo("rwxr-xr-x");
        }
    }

    @Test
    void usesExistingDirectoriesAsTheyAre() throws Exception {
        Path dir = Files.createDirectories(webroot.resolve(".well-known/acme-challenge"));
        Files.writeString(dir.resolve("other-client-file"), "x");
        ChallengeContext context = Contexts.http01("example.com");
        new WebrootHttpResponder(webroot).provision(context).close();
        assertThat(listChallengeDirectory()).containsExactly("other-client-file");
    }

    @Test
    void refusesNamesThatAreNotBase64url() {
        WebrootHttpResponder responder = new WebrootHttpResponder(webroot);
        for (String bad : List.of("../escape", "..", ".", "a/b", "a\\b", "", "tok en", "x%2e", "/etc/passwd", "a.b")) {
            assertThatThrownBy(() -> responder.file(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new HttpResource(bad, "c", "text/plain")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(responder.file("aZ0_-")).isEqualTo(webroot.toAbsolutePath().resolve(".well-known/acme-challenge/aZ0_-"));
    }

    @Test
    void refusesAMissingWebrootAndLeavesNothingBehind() throws Exception {
        Path missing = webroot.resolve("typo");
        WebrootHttpResponder responder = new WebrootHttpResponder(missing);
        assertThatThrownBy(() -> responder.provision(Contexts.http01("example.com")))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("not a directory");
        assertThat(missing).doesNotExist();
    }

    @Test
    void cleansUpWhenWritingFails() throws Exception {
        // A file where the challenge directory should be: the write fails after .well-known was made.
        Files.createDirectories(webroot.resolve(".well-known"));
        Files.writeString(webroot.resolve(".well-known/acme-challenge"), "in the way");
        WebrootHttpResponder responder = new WebrootHttpResponder(webroot);
        assertThatThrownBy(() -> responder.provision(Contexts.http01("example.com")))
                .isInstanceOf(ProvisioningException.class);
        try (Stream<Path> all = Files.walk(webroot)) {
            assertThat(all.map(p -> webroot.relativize(p).toString()))
                    .containsExactlyInAnyOrder("", ".well-known", ".well-known/acme-challenge");
        }
    }

    @Test
    void sharesAFileBetweenTwoOrdersOfTheSameChallenge() throws Exception {
        WebrootHttpResponder responder = new WebrootHttpResponder(webroot);
        ChallengeContext context = Contexts.http01("example.com");
        Path file = responder.file(context.httpResource().orElseThrow().name());
        Provision first = responder.provision(context);
        Provision second = responder.provision(context);
        first.close();
        first.close();
        assertThat(file).exists();
        second.close();
        assertThat(file).doesNotExist();
    }

    @Test
    void twoRespondersOverTheSameWebrootShareItsFiles() throws Exception {
        // As when ServiceLoader-like code or two configurations make a responder per issuance.
        WebrootHttpResponder one = new WebrootHttpResponder(webroot);
        WebrootHttpResponder other = new WebrootHttpResponder(webroot.resolve(".").resolve("sub/.."));
        ChallengeContext context = Contexts.http01("example.com");
        Path file = one.file(context.httpResource().orElseThrow().name());
        Provision first = one.provision(context);
        Provision second = other.provision(context);
        first.close();
        assertThat(file).as("still in flight for the other responder").hasContent(
                context.httpResource().orElseThrow().content());
        second.close();
        assertThat(file).doesNotExist();
    }

    @Test
    void twoRespondersOverTheSameWebrootNeverOverwriteEachOthersFile() throws Exception {
        WebrootHttpResponder one = new WebrootHttpResponder(webroot);
        WebrootHttpResponder other = new WebrootHttpResponder(webroot);
        HttpResource resource = Contexts.http01("example.com").httpResource().orElseThrow();
        HttpResource clash = new HttpResource(resource.name(), resource.content() + "x", resource.contentType());
        try (Provision p = one.provision(Contexts.withFile("http-01", resource))) {
            assertThatThrownBy(() -> other.provision(Contexts.withFile("http-01", clash)))
                    .isInstanceOf(ProvisioningException.class).hasMessageContaining("different challenge file");
            assertThat(one.file(resource.name())).hasContent(resource.content());
        }
    }

    @Test
    void handlesConcurrentOrders() throws Exception {
        WebrootHttpResponder responder = new WebrootHttpResponder(webroot);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                ChallengeContext context = Contexts.http01("n" + i + ".example.com");
                futures.add(pool.submit(() -> {
                    start.await();
                    HttpResource resource = context.httpResource().orElseThrow();
                    try (Provision p = responder.provision(context)) {
                        assertThat(responder.file(resource.name())).hasContent(resource.content());
                    }
                    assertThat(responder.file(resource.name())).doesNotExist();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(listChallengeDirectory()).isEmpty();
    }

    private List<String> listChallengeDirectory() throws Exception {
        try (Stream<Path> files = Files.list(webroot.resolve(".well-known/acme-challenge"))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
