package org.certwright.acme.examples.docs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the Java snippets of documentation pages against the test class path and reports each
 * error at its page and line.
 *
 * <p>How a block is compiled depends on what it is:
 * <ul>
 *   <li>with {@code package} or {@code import} lines: exactly as written, a complete source file;
 *   <li>starting with a top-level type declaration: as a source file, with the default imports;
 *   <li>otherwise a fragment: statements in a method, with the default imports, the standard givens
 *       and the comment's givens as fields of the enclosing class.
 * </ul>
 * The default imports are every public type of Certwright's non-internal packages (by name, so they
 * win over a JDK type of the same name) and a set of JDK and JUnit packages. All blocks of one page
 * share a package, so a fragment can use a class an earlier block of the page declares.
 *
 * <p>The {@code <!-- snippet ... -->} comment before a block may say {@code skip="why"} (not
 * compiled, e.g. a third-party API not on the class path), {@code given="Type name; Type name"}
 * (what the fragment takes as known), {@code members} (a fragment of class members, not
 * statements), {@code imports="a.b.C; d.e.*"} (more imports) or {@code isolated} (its own package,
 * for an excerpt that repeats a real type's declaration).
 */
final class SnippetCompiler {

    /** Names the pages use for things a reader has by then, declared for every fragment. */
    static final String STANDARD_GIVENS = "Session session; KeyPair accountKeyPair; URI directoryUrl";

    private static final List<String> WILDCARD_IMPORTS = List.of("java.io", "java.net", "java.net.http",
            "java.nio.file", "java.security", "java.security.cert", "java.time", "java.util",
            "java.util.concurrent", "javax.net.ssl", "org.junit.jupiter.api");

    private static final Pattern SINGLE_IMPORT = Pattern.compile("^import\\s+[\\w.]*\\.(\\w+)\\s*;.*$");
    private static final Pattern IMPORT_OR_PACKAGE = Pattern.compile("(?m)^(package|import)\\s");
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "(?m)^(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*((?:public|final|abstract|sealed|non-sealed|static)\\s+)*"
                    + "(class|interface|record|enum|@interface)\\s+(\\w+)");

    private final Path root;
    private final List<String> classPath;
    private final Map<String, String> certwrightTypes;

    /**
     * @param root      what locations are relative to
     * @param classPath the class path to compile against
     */
    SnippetCompiler(Path root, List<String> classPath) {
        this.root = root;
        this.classPath = List.copyOf(classPath);
        this.certwrightTypes = publicTypes(classPath);
    }

    /** The class path the tests run with (surefire puts it in a property when it uses a manifest jar). */
    static List<String> testClassPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
    }

    /**
     * Compiles the snippets that are not skipped.
     *
     * @return one message per error, {@code page:line: message}; empty when all compile
     */
    List<String> compile(Collection<Snippet> snippets, Path output) {
        Map<Path, Set<String>> declaredByPage = new HashMap<>();
        for (Snippet snippet : snippets) {
            if (snippet.attribute("isolated").isPresent()) {
                continue;
            }
            Matcher types = TOP_LEVEL_TYPE.matcher(snippet.code());
            while (types.find()) {
                declaredByPage.computeIfAbsent(snippet.page(), p -> new HashSet<>()).add(types.group(3));
            }
        }
        Map<Path, List<Source>> byPage = new LinkedHashMap<>();
        for (Snippet snippet : snippets) {
            byPage.computeIfAbsent(snippet.page(), p -> new ArrayList<>())
                    .add(source(snippet, declaredByPage.getOrDefault(snippet.page(), Set.of())));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("No Java compiler: the tests need a JDK, not a JRE");
        }
        List<String> errors = new ArrayList<>();
        // One compilation per page: javac stops at syntax errors, which would hide other pages' errors.
        for (List<Source> sources : byPage.values()) {
            errors.addAll(compile(javac, sources, output));
        }
        return errors;
    }

    private List<String> compile(JavaCompiler javac, List<Source> sources, Path output) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("-proc:none", "-implicit:none", "-Xlint:none", "-nowarn",
                    "-encoding", "UTF-8", "-d", output.toString(),
                    "-classpath", String.join(File.pathSeparator, classPath));
            javac.getTask(null, files, diagnostics, options, null, sources).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String message = d.getMessage(Locale.ROOT).replace("\n", "\n    ");
            if (d.getSource() instanceof Source source) {
                long line = d.getLineNumber() - 1 - source.prefixLines;
                String page = root.relativize(source.snippet.page()).toString();
                errors.add(line >= 0 && line < source.snippet.code().lines().count()
                        ? page + ":" + (source.snippet.line() + line) + ": " + message
                        : page + ":" + source.snippet.line() + ": (in the code put around the snippet; "
                                + "check its snippet comment) " + message);
            } else {
                errors.add(d.toString());
            }
        }
        return errors;
    }

    private Source source(Snippet snippet, Set<String> declaredOnPage) {
        String pkg = snippet.attribute("isolated").isPresent()
                ? packageOf(snippet) + ".l" + snippet.line() : packageOf(snippet);
        String code = snippet.code();
        StringBuilder prefix = new StringBuilder("package ").append(pkg).append(";\n");
        String extraImports = snippet.attribute("imports").map(SnippetCompiler::imports).orElse("");
        boolean declaresType = TOP_LEVEL_TYPE.matcher(code).find();
        if (IMPORT_OR_PACKAGE.matcher(code).find() && declaresType) {
            if (code.stripLeading().startsWith("package ")) {
                return new Source(snippet, className(snippet, code), "", code);
            }
            prefix.append(extraImports);
            return new Source(snippet, className(snippet, code), prefix.toString(), code);
        }
        Set<String> excluded = new HashSet<>(declaredOnPage);
        Matcher own = TOP_LEVEL_TYPE.matcher(code);
        while (own.find()) {
            excluded.add(own.group(3));
        }
        if (IMPORT_OR_PACKAGE.matcher(code).find()) {
            // Imports, then statements: the imports move before the class (blank lines keep the
            // numbering) and take precedence over default imports of the same simple name.
            StringBuilder body = new StringBuilder();
            for (String line : code.split("\n", -1)) {
                Matcher single = SINGLE_IMPORT.matcher(line);
                if (single.matches()) {
                    excluded.add(single.group(1));
                }
                if (line.startsWith("import ")) {
                    prefix.append(line).append(' ');
                    body.append('\n');
                } else {
                    body.append(line).append('\n');
                }
            }
            prefix.append('\n');
            code = body.substring(0, body.length() - 1);
        }
        prefix.append(defaultImports(excluded)).append(extraImports);
        boolean members = snippet.attribute("members").isPresent();
        if (!members && declaresType && TOP_LEVEL_TYPE.matcher(code.stripLeading()).lookingAt()) {
            return new Source(snippet, className(snippet, code), prefix.toString(), code);
        }
        String name = "Fragment_L" + snippet.line();
        prefix.append("@SuppressWarnings(\"all\") abstract class ").append(name).append(" {\n");
        for (String given : declarations(STANDARD_GIVENS + ";" + snippet.attribute("given").orElse(""))) {
            if (!given.isBlank()) {
                prefix.append("    ").append(given.strip()).append(";\n");
            }
        }
        if (!members) {
            prefix.append("    void snippet() throws Throwable {\n");
        }
        return new Source(snippet, name, prefix.toString(), code + (members ? "}\n" : "}}\n"));
    }

    /** Splits at the semicolons outside braces, so that a given may be a nested type with members. */
    static List<String> declarations(String givens) {
        List<String> declarations = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < givens.length(); i++) {
            char c = givens.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ';' && depth == 0) {
                declarations.add(givens.substring(start, i));
                start = i + 1;
            }
        }
        declarations.add(givens.substring(start));
        return declarations;
    }

    private static String className(Snippet snippet, String code) {
        Matcher types = TOP_LEVEL_TYPE.matcher(code);
        while (types.find()) {
            if (types.group(0).contains("public ")) {
                return types.group(3);
            }
        }
        return "Unit_L" + snippet.line();
    }

    private String packageOf(Snippet snippet) {
        String page = root.relativize(snippet.page()).toString().replaceFirst("\\.md$", "");
        return "snippets.p_" + page.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    private String defaultImports(Set<String> excluded) {
        StringBuilder imports = new StringBuilder();
        WILDCARD_IMPORTS.forEach(p -> imports.append("import ").append(p).append(".*; "));
        certwrightTypes.forEach((simple, qualified) -> {
            if (!excluded.contains(simple)) {
                imports.append("import ").append(qualified).append("; ");
            }
        });
        return imports.append('\n').toString();
    }

    private static String imports(String list) {
        return Stream.of(list.split(";")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> "import " + s + "; ").collect(Collectors.joining("", "", "\n"));
    }

    /** Simple name → qualified name of every public top-level Certwright type outside internal packages. */
    private static Map<String, String> publicTypes(List<String> classPath) {
        Map<String, List<String>> bySimpleName = new TreeMap<>();
        for (String entry : classPath) {
            Path path = Path.of(entry);
            for (String name : classNames(path)) {
                if (!name.startsWith("org.certwright.") || name.contains(".internal.") || name.contains("$")
                        || name.endsWith("module-info") || name.endsWith("package-info")) {
                    continue;
                }
                try {
                    Class<?> type = Class.forName(name, false, SnippetCompiler.class.getClassLoader());
                    if (Modifier.isPublic(type.getModifiers())) {
                        bySimpleName.computeIfAbsent(type.getSimpleName(), k -> new ArrayList<>()).add(name);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // Not loadable here, so not importable by a snippet either.
                }
            }
        }
        Map<String, String> unique = new LinkedHashMap<>();
        bySimpleName.forEach((simple, names) -> {
            if (names.stream().distinct().count() == 1) {
                unique.put(simple, names.get(0));
            }
        });
        return unique;
    }

    /** The classes of a main-code class path entry; test classes and test jars are not API. */
    private static List<String> classNames(Path entry) {
        String file = entry.getFileName() == null ? "" : entry.getFileName().toString();
        if (file.equals("test-classes") || file.endsWith("-tests.jar")) {
            return List.of();
        }
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> walk = Files.walk(entry)) {
                    return walk.map(p -> entry.relativize(p).toString())
                            .filter(p -> p.endsWith(".class"))
                            .map(p -> p.substring(0, p.length() - 6).replace(File.separatorChar, '.'))
                            .toList();
                }
            }
            if (file.endsWith(".jar") && Files.isRegularFile(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    return jar.stream().map(e -> e.getName())
                            .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                            .map(n -> n.substring(0, n.length() - 6).replace('/', '.'))
                            .toList();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + entry, e);
        }
        return List.of();
    }

    /** A snippet as a source file, with the lines put before it. */
    private static final class Source extends SimpleJavaFileObject {
        final Snippet snippet;
        final int prefixLines;
        private final String content;

        Source(Snippet snippet, String className, String prefix, String code) {
            super(URI.create("string:///" + className + "_" + snippet.line() + "/" + className + ".java"),
                    Kind.SOURCE);
            this.snippet = snippet;
            this.prefixLines = (int) prefix.chars().filter(c -> c == '\n').count();
            this.content = prefix + code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return content;
        }
    }
}
