package org.certwright.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An unpacked Pebble package as {@code scripts/fetch-pebble.sh} leaves it: {@code usr/bin/pebble},
 * {@code usr/bin/pebble-challtestsrv} and a {@code VERSION} file with {@code version=} and {@code suite=}.
 */
final class PebbleDistribution {

    /** System property naming the directory (set by surefire and failsafe in the parent POM). */
    static final String DIR_PROPERTY = "certwright.pebble.dir";

    private static final String FETCH_SCRIPT = "scripts/fetch-pebble.sh";
    private static final Pattern HELP_FLAG = Pattern.compile("^\\s+-([A-Za-z0-9][A-Za-z0-9_-]*)");

    private final Path root;
    private final PebbleVersion version;
    private final String suite;
    private volatile Set<String> challtestsrvFlags;

    private PebbleDistribution(Path root, PebbleVersion version, String suite) {
        this.root = root;
        this.version = version;
        this.suite = suite;
    }

    /**
     * Finds an installed Pebble in the {@linkplain #candidates() candidate directories}.
     *
     * @return the first candidate holding both binaries, or empty
     */
    static Optional<PebbleDistribution> find() {
        return find(candidates());
    }

    static Optional<PebbleDistribution> find(List<Path> candidates) {
        for (Path dir : candidates) {
            if (Files.isExecutable(pebble(dir)) && Files.isExecutable(challtestsrv(dir))) {
                return Optional.of(load(dir));
            }
        }
        return Optional.empty();
    }

    /**
     * The directories searched: the one named by the {@value #DIR_PROPERTY} system property when it is
     * set (Maven sets it), otherwise {@code ../target/pebble} and {@code target/pebble} relative to the
     * working directory (a module's directory, or the repository root, e.g. in an IDE).
     *
     * @return absolute, normalised, distinct directories
     */
    static List<Path> candidates() {
        String property = System.getProperty(DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return List.of(Path.of(property).toAbsolutePath().normalize());
        }
        Path workingDir = Path.of("").toAbsolutePath();
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(workingDir.resolve("../target/pebble").normalize());
        dirs.add(workingDir.resolve("target/pebble").normalize());
        return new ArrayList<>(dirs);
    }

    /**
     * What to tell a developer when no candidate holds Pebble.
     *
     * @return a message naming the expected path and the command that fetches Pebble
     */
    static String missingMessage() {
        return missingMessage(candidates());
    }

    static String missingMessage(List<Path> candidates) {
        Path expected = candidates.get(0);
        StringBuilder message = new StringBuilder()
                .append("Pebble is not installed: expected ").append(pebble(expected))
                .append(" and ").append(challtestsrv(expected));
        if (candidates.size() > 1) {
            message.append(" (also looked in ")
                    .append(String.join(", ", candidates.subList(1, candidates.size()).stream()
                            .map(Path::toString).toList()))
                    .append(')');
        }
        message.append(". Fetch it with: ").append(fetchCommand(expected))
                .append(" (./mvnw verify runs it too; set -D").append(DIR_PROPERTY)
                .append("=<dir> to use another directory)");
        return message.toString();
    }

    Path root() {
        return root;
    }

    Path pebble() {
        return pebble(root);
    }

    Path challtestsrv() {
        return challtestsrv(root);
    }

    PebbleVersion version() {
        return version;
    }

    String suite() {
        return suite;
    }

    /**
     * The flags that this version of pebble-challtestsrv understands, read once from its {@code -help}.
     * They differ between versions: the DNS listener is {@code -dns01} before Pebble 2.10 and
     * {@code -dnsserver} since, and {@code -doh} exists only since 2.6.
     *
     * @return flag names without the leading dash
     */
    Set<String> challtestsrvFlags() {
        Set<String> flags = challtestsrvFlags;
        if (flags == null) {
            flags = readHelpFlags(challtestsrv());
            challtestsrvFlags = flags;
        }
        return flags;
    }

    @Override
    public String toString() {
        return "Pebble " + version + " from " + suite + " in " + root;
    }

    private static PebbleDistribution load(Path dir) {
        Path versionFile = dir.resolve("VERSION");
        Properties properties = new Properties();
        if (Files.isRegularFile(versionFile)) {
            try (InputStream in = Files.newInputStream(versionFile)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + versionFile, e);
            }
        }
        return new PebbleDistribution(dir, PebbleVersion.parse(properties.getProperty("version")),
                properties.getProperty("suite", "unknown"));
    }

    private static Set<String> readHelpFlags(Path binary) {
        try {
            Process process = new ProcessBuilder(binary.toString(), "-help").redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readAllBytes();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(binary + " -help did not finish");
            }
            Set<String> flags = new TreeSet<>();
            for (String line : new String(output, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = HELP_FLAG.matcher(line);
                if (m.find()) {
                    flags.add(m.group(1));
                }
            }
            if (flags.isEmpty()) {
                throw new IllegalStateException("Cannot read the flags of " + binary + " from its -help output:\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
            return Collections.unmodifiableSet(flags);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + binary + " -help", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + binary + " -help", e);
        }
    }

    private static String fetchCommand(Path expected) {
        List<Path> roots = new ArrayList<>();
        if (expected.getParent() != null && expected.getParent().getParent() != null) {
            roots.add(expected.getParent().getParent());
        }
        Path workingDir = Path.of("").toAbsolutePath();
        roots.add(workingDir);
        if (workingDir.getParent() != null) {
            roots.add(workingDir.getParent());
        }
        for (Path root : roots) {
            Path script = root.resolve(FETCH_SCRIPT);
            if (Files.isRegularFile(script)) {
                return "bash " + script + " " + expected;
            }
        }
        return "bash " + FETCH_SCRIPT + " " + expected;
    }

    private static Path pebble(Path dir) {
        return dir.resolve("usr/bin/pebble");
    }

    private static Path challtestsrv(Path dir) {
        return dir.resolve("usr/bin/pebble-challtestsrv");
    }
}
