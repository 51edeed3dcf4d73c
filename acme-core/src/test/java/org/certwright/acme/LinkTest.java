package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links can only be made to the closed set of targets, and each factory gives the type it names. */
class LinkTest {

    private static final URI URL = URI.create("https://ca.test/x/1");

    @Test
    void everyFactoryRoundTripsItsUrlAndType() {
        Map<Class<?>, Function<URI, Link<?>>> factories = Map.of(
                Order.class, Link::order,
                Authorization.class, Link::authorization,
                Challenge.class, Link::challenge,
                Certificate.class, Link::certificate,
                OrderList.class, Link::orderList);
        assertThat(factories.keySet()).as("one factory per permitted target")
                .containsExactlyInAnyOrder(LinkTarget.class.getPermittedSubclasses());
        for (Map.Entry<Class<?>, Function<URI, Link<?>>> e : factories.entrySet()) {
            Link<?> link = e.getValue().apply(URL);
            assertThat(link.url()).isEqualTo(URL);
            assertThat(link.type()).isEqualTo(e.getKey());
            assertThat(link).isEqualTo(e.getValue().apply(URL)).hasSameHashCodeAs(e.getValue().apply(URL));
            assertThat(link.toString()).isEqualTo(e.getKey().getSimpleName() + "<" + URL + ">");
        }
        assertThat(Link.order(URL)).isNotEqualTo(Link.authorization(URL));
    }

    @Test
    void aLinkHasNoPublicConstructorAndTheTargetsAreSealed() {
        assertThat(Link.class.getConstructors()).isEmpty();
        assertThat(LinkTarget.class.isSealed()).isTrue();
    }

    @Test
    void linksToAnythingElseDoNotCompile(@TempDir Path dir) throws Exception {
        assertThat(compile(dir, "Link<Order> l = Link.order(URI.create(\"https://ca.test/o\"));"))
                .as("the control compiles").isEmpty();
        assertThat(compile(dir, "Link<String> l = null;")).contains("String");
        assertThat(compile(dir, "Link<Order> l = new Link<>(URI.create(\"https://ca.test/o\"), Order.class);"))
                .isNotEmpty();
        assertThat(compile(dir, "class Mine implements LinkTarget { public URI url() { return null; } }"))
                .contains("sealed");
    }

    /**
     * Compiles {@code statement} in a method against the library with the JDK's {@code javac}, in a
     * process of its own (the test module does not read {@code java.compiler}); returns its errors.
     */
    private static String compile(Path dir, String statement)
            throws IOException, URISyntaxException, InterruptedException {
        Path source = Files.createDirectories(dir.resolve("src")).resolve("Probe.java");
        Files.writeString(source, """
                import java.net.URI;
                import org.certwright.acme.*;
                class Probe {
                    void probe() {
                        %s
                    }
                }
                """.formatted(statement));
        String classes = Path.of(Link.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        Path errors = dir.resolve("errors.txt");
        Process process = new ProcessBuilder(javac.toString(), "-classpath", classes, "-d",
                Files.createDirectories(dir.resolve("out")).toString(), "-proc:none", source.toString())
                .redirectErrorStream(true).redirectOutput(errors.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("javac did not finish within 60 s");
            }
        } finally {
            process.destroyForcibly();
        }
        String out = Files.readString(errors);
        return process.exitValue() == 0 ? "" : out.isEmpty() ? "javac failed without output" : out;
    }
}
