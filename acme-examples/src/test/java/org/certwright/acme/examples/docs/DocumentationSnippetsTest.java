package org.certwright.acme.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet of README.md and of every {@code src/site/markdown} page (the project's and
 * each module's; new pages are found by themselves) compiles against the current API. How a block
 * is compiled, and the {@code <!-- snippet ... -->} comment that adjusts it, is described in
 * {@link SnippetCompiler}.
 */
class DocumentationSnippetsTest {

    static final Path PROJECT = Path.of(System.getProperty("certwright.project.dir", "..")).toAbsolutePath()
            .normalize();

    @TempDir
    Path output;

    @Test
    void everyJavaSnippetOfTheDocumentationCompiles() throws IOException {
        List<Snippet> java = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Snippet snippet : snippets(pages(PROJECT))) {
            if (!snippet.language().equals("java")) {
                continue;
            }
            var skip = snippet.attribute("skip");
            if (skip.isPresent() && skip.get().isBlank()) {
                problems.add(snippet.location(PROJECT) + ": skip needs a reason: <!-- snippet skip=\"why\" -->");
            } else if (skip.isEmpty()) {
                java.add(snippet);
            }
        }
        assertThat(java).as("Java snippets found").hasSizeGreaterThan(20);
        problems.addAll(new SnippetCompiler(PROJECT, SnippetCompiler.testClassPath()).compile(java, output));
        assertThat(problems).as("snippets that do not compile (page:line)").isEmpty();
    }

    @Test
    void aSnippetThatDoesNotCompileIsReportedAtItsPageAndLine() throws IOException {
        Path page = output.resolve("docs/broken.md");
        Files.createDirectories(page.getParent());
        Files.writeString(page, """
                # A page

                <!-- snippet given="DnsProvider provider" -->
                ```java
                DnsResponder ok = DnsResponder.builder(provider).build();
                DnsResponder dns = new DnsResponder(provider);
                ```
                """);
        List<String> errors = new SnippetCompiler(output, SnippetCompiler.testClassPath())
                .compile(snippets(List.of(page)), Files.createDirectories(output.resolve("classes")));

        assertThat(errors).singleElement().asString().startsWith("docs/broken.md:6: ");
    }

    @Test
    void aCompleteSourceFileIsCompiledAsWrittenSoItsImportsAreChecked() throws IOException {
        Path page = output.resolve("page.md");
        Files.writeString(page, """
                ```java
                import java.util.List;

                public class Example {
                    Session session;
                }
                ```
                """);
        List<String> errors = new SnippetCompiler(output, SnippetCompiler.testClassPath())
                .compile(snippets(List.of(page)), Files.createDirectories(output.resolve("classes")));

        assertThat(errors).singleElement().asString().startsWith("page.md:5: ").contains("Session");
    }

    /** README.md and the Markdown pages of the project's and the modules' sites. */
    static List<Path> pages(Path project) throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(project.resolve("README.md"));
        List<Path> siteDirs = new ArrayList<>();
        siteDirs.add(project.resolve("src/site/markdown"));
        try (Stream<Path> modules = Files.list(project)) {
            modules.map(m -> m.resolve("src/site/markdown")).filter(Files::isDirectory).forEach(siteDirs::add);
        }
        for (Path dir : siteDirs) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
                }
            }
        }
        return pages;
    }

    static List<Snippet> snippets(List<Path> pages) throws IOException {
        List<Snippet> snippets = new ArrayList<>();
        for (Path page : pages) {
            snippets.addAll(Snippet.parse(page, Files.readAllLines(page, StandardCharsets.UTF_8)));
        }
        return snippets;
    }
}
