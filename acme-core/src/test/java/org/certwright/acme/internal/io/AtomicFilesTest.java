package org.certwright.acme.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs a POSIX file system");
    }

    @Test
    void writesOwnerOnlyFiles() throws IOException {
        Path target = dir.resolve("key.pem");

        AtomicFiles.write(target, bytes("secret"), true);

        assertThat(Files.readString(target)).isEqualTo("secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThat(listing(dir)).containsExactly("key.pem");
    }

    @Test
    void writesSharedFilesWhenAsked() throws IOException {
        Path target = dir.resolve("chain.pem");

        AtomicFiles.write(target, bytes("public"), false);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
    }

    @Test
    void replacesAnExistingFileAndItsPermissions() throws IOException {
        Path target = dir.resolve("key.pem");
        Files.writeString(target, "old content that is longer than the new one");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw-rw-"));

        AtomicFiles.write(target, bytes("new"), true);

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThat(listing(dir)).containsExactly("key.pem");
    }

    @Test
    void createsMissingParentsOwnerOnly() throws IOException {
        Path target = dir.resolve("a/b/key.pem");

        AtomicFiles.write(target, bytes("secret"), true);

        assertThat(Files.readString(target)).isEqualTo("secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b")))).isEqualTo("rwx------");
    }

    @Test
    void acceptsARelativePath() throws IOException {
        Path target = Path.of("").toAbsolutePath().relativize(dir.resolve("relative.pem"));

        AtomicFiles.write(target, bytes("x"), true);

        assertThat(Files.readString(dir.resolve("relative.pem"))).isEqualTo("x");
    }

    @Test
    void leavesNoTempFileAndTheOldTargetWhenTheRenameFails() throws IOException {
        // A non-empty directory cannot be replaced by a file, so the final rename fails.
        Path target = dir.resolve("occupied");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "keep");

        assertThatThrownBy(() -> AtomicFiles.write(target, bytes("secret"), true)).isInstanceOf(IOException.class);

        assertThat(listing(dir)).containsExactly("occupied");
        assertThat(Files.readString(target.resolve("inside"))).isEqualTo("keep");
    }

    @Test
    void failsWithoutLeavingAnythingWhenTheParentIsAFile() throws IOException {
        Path file = dir.resolve("plain");
        Files.writeString(file, "x");

        assertThatThrownBy(() -> AtomicFiles.write(file.resolve("key.pem"), bytes("secret"), true))
                .isInstanceOf(IOException.class);

        assertThat(listing(dir)).containsExactly("plain");
    }

    @Test
    void namesTheParentThatIsAFile() throws IOException {
        Path file = dir.resolve("plain");
        Files.writeString(file, "x");

        assertThatThrownBy(() -> AtomicFiles.write(file.resolve("sub").resolve("key.pem"), bytes("secret"), true))
                .isInstanceOf(NotDirectoryException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a directory");
    }

    @Test
    void tempFilesAreRecognisableAndOwnerOnlyFromCreation() throws IOException {
        Path temp = AtomicFiles.createTempFile(dir, "key.pem");

        assertThat(temp.getParent()).isEqualTo(dir);
        assertThat(temp.getFileName().toString())
                .startsWith(".certwright-" + ProcessHandle.current().pid() + "-key.pem-")
                .endsWith(".tmp");
        assertThat(AtomicFiles.isTempFileName(temp.getFileName().toString())).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp))).isEqualTo("rw-------");
        assertThat(AtomicFiles.isTempFileName("key.pem")).isFalse();
        assertThat(AtomicFiles.isTempFileName(".key.pem.123.tmp")).isFalse();
        assertThat(AtomicFiles.isTempFileName(".certwright-abc-key.pem-1.tmp")).isFalse();
    }

    @Test
    void removesStaleTempFilesLeftByAKilledWriter() throws IOException {
        // What a kill -9 between creating the temp file and the rename leaves behind.
        Path orphan = dir.resolve(".certwright-999999-key.pem-4242.tmp");
        Files.writeString(orphan, "secret key");
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        Path unrelated = dir.resolve(".key.pem.4242.tmp");
        Files.writeString(unrelated, "not ours");
        Files.setLastModifiedTime(unrelated, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));

        AtomicFiles.write(dir.resolve("key.pem"), bytes("new"), true);

        assertThat(listing(dir)).containsExactly(".key.pem.4242.tmp", "key.pem");
    }

    @Test
    void keepsFreshTempFilesOfWritersStillAtWork() throws IOException {
        Path inFlight = dir.resolve(".certwright-1-other.pem-77.tmp");
        Files.writeString(inFlight, "being written");

        AtomicFiles.write(dir.resolve("key.pem"), bytes("new"), true);

        assertThat(listing(dir)).containsExactly(".certwright-1-other.pem-77.tmp", "key.pem");
    }

    @Test
    void neverFollowsALinkThatLooksLikeATempFile() throws IOException {
        Path precious = dir.resolve("precious");
        Files.writeString(precious, "keep");
        Path link = dir.resolve(".certwright-1-x-1.tmp");
        Files.createSymbolicLink(link, precious);

        AtomicFiles.write(dir.resolve("key.pem"), bytes("new"), true);

        assertThat(Files.readString(precious)).isEqualTo("keep");
    }

    @Test
    void concurrentWritersNeverProduceAMixedFile() throws Exception {
        Path target = dir.resolve("contended");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String content = String.valueOf((char) ('a' + i % 26)).repeat(10_000);
                writes.add(pool.submit(() -> {
                    AtomicFiles.write(target, bytes(content), true);
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }

        String content = Files.readString(target);
        assertThat(content).hasSize(10_000).matches(content.charAt(0) + "+");
        assertThat(listing(dir)).containsExactly("contended");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
