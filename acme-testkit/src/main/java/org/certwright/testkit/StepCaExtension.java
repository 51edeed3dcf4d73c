package org.certwright.testkit;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests a running step-ca: it resolves parameters of type
 * {@link StepCaServer} in test methods. One instance is started per JVM when first asked for, shared
 * by every test that asks (also across classes), and stopped when the run ends; a JVM shutdown hook
 * stops whatever is left.
 *
 * <pre>{@code
 * @ExtendWith(StepCaExtension.class)
 * class FooIT {
 *     @Test
 *     void t(StepCaServer stepCa) { ... }
 * }
 * }</pre>
 *
 * <p>step-ca comes from {@code scripts/fetch-step-ca.sh} (which {@code scripts/test.sh} runs), found
 * in the directory named by the system property {@code certwright.stepca.dir} or else in
 * {@code ../target/step-ca} and {@code target/step-ca}; its resolver is Pebble's
 * pebble-challtestsrv. A test that needs it is skipped when step-ca or Pebble is missing, or when
 * this user cannot listen on ports 80 and 443 (see {@link StepCaServer}), unless the environment
 * variable {@code CI} is set: then it fails.
 *
 * @since 0.2.0
 */
public final class StepCaExtension implements ParameterResolver, BeforeEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(StepCaExtension.class);

    /** Creates the extension; JUnit does this for {@code @ExtendWith}. */
    public StepCaExtension() {
    }

    /** Skips (or under {@code CI} fails) a test that asks for step-ca when it cannot run here. */
    @Override
    public void beforeEach(ExtensionContext context) {
        for (Class<?> type : context.getRequiredTestMethod().getParameterTypes()) {
            if (type == StepCaServer.class) {
                prerequisites(context);
                return;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == StepCaServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Prerequisites found = prerequisites(extensionContext);
        return extensionContext.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(StepCaServer.class, key -> new Running(
                        StepCaServer.start(found.binary(), found.pebble(), found.validationAddress())), Running.class)
                .server();
    }

    private record Prerequisites(Path binary, PebbleDistribution pebble, InetAddress validationAddress) {
    }

    /** The binary, Pebble and a validation address whose ports 80 and 443 are free, or a skipped (failed) test. */
    private static Prerequisites prerequisites(ExtensionContext context) {
        String ci = System.getenv(PebbleExtension.CI_VARIABLE);
        Path binary = PebbleExtension.requireDistribution(StepCaServer.findBinary(), StepCaServer::missingMessage,
                ci);
        PebbleDistribution pebble = PebbleExtension.requireDistribution(PebbleDistribution.find(),
                PebbleDistribution::missingMessage, ci);
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        InetAddress address = store.getOrComputeIfAbsent(InetAddress.class, key -> StepCaServer.randomLoopback(),
                InetAddress.class);
        if (store.get(StepCaServer.class) == null) {
            // Once running, the tests' own responders hold the ports: only check before the start.
            Optional<String> cannotListen = StepCaServer.cannotListenOn(address);
            PebbleExtension.requireDistribution(cannotListen.isPresent() ? Optional.empty() : Optional.of(address),
                    cannotListen::orElseThrow, ci);
        }
        return new Prerequisites(binary, pebble, address);
    }

    /** A started instance in the root store; JUnit closes it at the end of the run. */
    @SuppressWarnings("deprecation")
    private static final class Running implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final StepCaServer server;
        private boolean stopped;

        Running(StepCaServer server) {
            this.server = server;
        }

        StepCaServer server() {
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
