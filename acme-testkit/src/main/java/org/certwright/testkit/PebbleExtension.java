package org.certwright.testkit;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * JUnit 5 extension that gives tests a running Pebble CA: it resolves parameters of type
 * {@link PebbleServer} (and {@link ChallTestServer}) in test methods, lifecycle methods and constructors.
 *
 * <pre>{@code
 * @ExtendWith(PebbleExtension.class)   // or simply @Pebble
 * class FooIT {
 *     @Test
 *     void t(PebbleServer pebble) { ... }
 * }
 * }</pre>
 *
 * <p>The configuration comes from the nearest {@link Pebble @Pebble}: on the parameter, else on the
 * method, else on the class (or an enclosing class of a {@code @Nested} one), else the defaults.
 * Each distinct configuration is started once per JVM, when first asked for, and shared by every test
 * that asks for the same one, also across test classes running in parallel. The instances live in the
 * root {@link ExtensionContext.Store} and are stopped when the test run ends; a JVM shutdown hook
 * stops whatever is left.
 *
 * <p>Pebble comes from {@code scripts/fetch-pebble.sh}, which {@code ./mvnw verify} runs. It is looked
 * for in the directory named by the system property {@code certwright.pebble.dir} (which the build
 * sets), or, without that property, in {@code ../target/pebble} and {@code target/pebble}. When it is
 * missing, the tests that need it are skipped, unless the environment variable {@code CI} is set: then
 * they fail, so that a CI run cannot pass without having run them. A configuration the installed
 * version cannot serve (such as {@link Pebble#profiles()} before Pebble 2.7) skips the test.
 */
public final class PebbleExtension implements ParameterResolver, BeforeAllCallback, BeforeEachCallback {

    /** Environment variable that turns a missing Pebble from a skipped test into a failed one. */
    public static final String CI_VARIABLE = "CI";

    private static final AtomicBoolean MISSING_REPORTED = new AtomicBoolean();

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PebbleExtension.class);

    /** Creates the extension; JUnit does this for {@code @ExtendWith} and {@link Pebble @Pebble}. */
    public PebbleExtension() {
    }

    /**
     * Skips (or under CI fails) the whole class when Pebble is missing and the class needs it before
     * its tests run: in a constructor or a {@code @BeforeAll} method. Otherwise each test is skipped on
     * its own, so that the skipped tests are counted.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (needsPebbleBeforeTests(context.getRequiredTestClass())) {
            requireDistribution();
        }
    }

    /**
     * Skips (or under CI fails) a test that needs Pebble (in its parameters or those of a
     * {@code @BeforeEach} / {@code @AfterEach} method) when Pebble is missing, and skips it when a
     * {@link PebbleServer} parameter asks for a configuration that the installed version cannot serve.
     * Tests of the class that need no Pebble run as usual.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        Class<?> testClass = context.getRequiredTestClass();
        if (!hasSupportedParameter(method) && !needsPebbleAroundEach(testClass)) {
            return;
        }
        PebbleDistribution distribution = requireDistribution();
        for (Parameter parameter : method.getParameters()) {
            if (isSupported(parameter.getType())) {
                PebbleConfig config = configFor(parameter, method, testClass);
                config.unsupportedBy(distribution.version()).ifPresent(reason ->
                        Assumptions.abort("Skipped: " + reason + " (" + config + ")"));
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return isSupported(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        PebbleDistribution distribution = PebbleDistribution.find()
                .orElseThrow(() -> new ParameterResolutionException(PebbleDistribution.missingMessage()));
        Executable declaring = parameterContext.getDeclaringExecutable();
        PebbleConfig config = configFor(parameterContext.getParameter(), declaring,
                extensionContext.getTestClass().orElse(declaring.getDeclaringClass()));
        config.unsupportedBy(distribution.version()).ifPresent(reason -> {
            throw new ParameterResolutionException(reason + " (" + config + ")");
        });
        PebbleServer server = extensionContext.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(config, key -> new RunningPebble(PebbleLauncher.start(key, distribution)),
                        RunningPebble.class)
                .server();
        return parameterContext.getParameter().getType() == ChallTestServer.class ? server.challtestsrv() : server;
    }

    private static boolean isSupported(Class<?> type) {
        return type == PebbleServer.class || type == ChallTestServer.class;
    }

    private static PebbleDistribution requireDistribution() {
        Optional<PebbleDistribution> found = PebbleDistribution.find();
        if (found.isEmpty() && MISSING_REPORTED.compareAndSet(false, true)) {
            System.err.println("[certwright-testkit] " + PebbleDistribution.missingMessage());
        }
        return requireDistribution(found, PebbleDistribution::missingMessage, System.getenv(CI_VARIABLE));
    }

    private static boolean needsPebbleBeforeTests(Class<?> testClass) {
        for (Executable constructor : testClass.getDeclaredConstructors()) {
            if (hasSupportedParameter(constructor)) {
                return true;
            }
        }
        return anyHasSupportedParameter(testClass, BeforeAll.class);
    }

    private static boolean needsPebbleAroundEach(Class<?> testClass) {
        return anyHasSupportedParameter(testClass, BeforeEach.class)
                || anyHasSupportedParameter(testClass, AfterEach.class);
    }

    private static boolean anyHasSupportedParameter(Class<?> testClass, Class<? extends Annotation> annotation) {
        return AnnotationSupport.findAnnotatedMethods(testClass, annotation, HierarchyTraversalMode.TOP_DOWN)
                .stream()
                .anyMatch(PebbleExtension::hasSupportedParameter);
    }

    private static boolean hasSupportedParameter(Executable executable) {
        for (Class<?> type : executable.getParameterTypes()) {
            if (isSupported(type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The installed Pebble (or another prerequisite, such as step-ca), or else an aborted test, or a
     * failed one when {@value #CI_VARIABLE} is set.
     *
     * @param found   the prerequisite, if present
     * @param message the message when it is missing
     * @param ci      the value of {@value #CI_VARIABLE}, or {@code null}
     * @param <T>     the prerequisite's type
     * @return the prerequisite
     */
    static <T> T requireDistribution(Optional<T> found, Supplier<String> message, String ci) {
        if (found.isPresent()) {
            return found.get();
        }
        if (ci != null && !ci.isEmpty()) {
            return Assertions.fail(message.get() + " [failing rather than skipping because " + CI_VARIABLE
                    + " is set]");
        }
        return Assumptions.abort(message.get());
    }

    /** The nearest {@code @Pebble}: parameter, then method, then class and its enclosing classes. */
    static PebbleConfig configFor(Parameter parameter, Executable executable, Class<?> testClass) {
        return find(parameter)
                .or(() -> find(executable))
                .or(() -> findOnClass(testClass))
                .map(PebbleConfig::of)
                .orElseGet(PebbleConfig::defaults);
    }

    private static Optional<Pebble> findOnClass(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            Optional<Pebble> found = find(type);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Pebble> find(AnnotatedElement element) {
        return AnnotationSupport.findAnnotation(element, Pebble.class);
    }

    /**
     * A started instance in the root store. JUnit closes {@link AutoCloseable} store values at the end
     * of the run; {@code CloseableResource} is kept for runs that turn that off.
     */
    @SuppressWarnings("deprecation")
    private static final class RunningPebble implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final PebbleServer server;
        private boolean stopped;

        RunningPebble(PebbleServer server) {
            this.server = server;
        }

        PebbleServer server() {
            return server;
        }

        @Override
        public synchronized void close() {
            if (!stopped) {
                stopped = true;
                server.stop();
            }
        }
    }
}
