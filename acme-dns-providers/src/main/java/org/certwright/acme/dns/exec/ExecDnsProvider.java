package org.certwright.acme.dns.exec;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes TXT records by running a command of the user's, so any DNS can be used today: the
 * command is run as {@code <command...> present <fqdn> <value>} to add a value and
 * {@code <command...> cleanup <fqdn> <value>} to remove it, where {@code fqdn} is the record name with
 * a trailing dot ({@code _acme-challenge.example.com.}) — the arguments of lego's {@code exec}
 * provider, so scripts written for lego work unchanged.
 *
 * <pre>{@code
 * DnsProvider dns = ExecDnsProvider.builder(List.of("/usr/local/bin/update-dns.sh"))
 *         .environment(Map.of("DNS_TOKEN", System.getenv("DNS_TOKEN")))
 *         .timeout(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 *
 * <p>The command must add the value without removing others at the name, remove only the value it
 * is given, and succeed (exit status 0) when there is nothing to do. It runs with a deadline: when it
 * has not ended by then, it and its child processes are killed. Its output (standard output and
 * error, the last {@value #OUTPUT_LIMIT} bytes) goes into the exception when it fails. Runs of the
 * command take turns, since a script is rarely written to run concurrently with itself; the
 * environment variables given are passed to it and never logged nor shown by {@link #toString()}.
 * Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class ExecDnsProvider implements DnsProvider {

    /** The default deadline of one run of the command. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** How much of the end of the command's output goes into an exception. */
    public static final int OUTPUT_LIMIT = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(ExecDnsProvider.class);
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final List<String> command;
    private final Map<String, String> environment;
    private final Duration timeout;
    private final ReentrantLock turns = new ReentrantLock(true);

    private ExecDnsProvider(Builder builder) {
        this.command = builder.command;
        this.environment = builder.environment;
        this.timeout = builder.timeout;
    }

    /**
     * A builder for a command.
     *
     * @param command the program and any leading arguments; {@code present|cleanup <fqdn> <value>} are appended
     * @return the builder
     */
    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    @Override
    public void publish(DnsRecord record) throws AcmeException {
        run("present", record);
    }

    @Override
    public void remove(DnsRecord record) throws AcmeException {
        run("cleanup", record);
    }

    private void run(String action, DnsRecord record) throws AcmeException {
        List<String> line = new ArrayList<>(command);
        line.add(action);
        line.add(record.absoluteName());
        line.add(record.value());
        try {
            turns.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException(null, null, e);
        }
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("certwright-exec-", ".log");
            ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(environment);
            process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new ProvisioningException(describe(action, record) + " did not end within " + timeout.toSeconds()
                        + " s and was killed" + outputOf(output));
            }
            int status = process.exitValue();
            if (status != 0) {
                throw new ProvisioningException(describe(action, record) + " failed with exit status " + status
                        + outputOf(output));
            }
            LOG.debug("{} succeeded", describe(action, record));
        } catch (IOException e) {
            throw new ProvisioningException(describe(action, record) + " could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException(null, null, e);
        } finally {
            turns.unlock();
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    LOG.warn("Could not delete {}: {}", output, e.toString());
                }
            }
        }
    }

    private String describe(String action, DnsRecord record) {
        return "DNS command " + command.get(0) + " " + action + " " + record.absoluteName();
    }

    /** Kills the command and what it started; waits briefly so that nothing outlives the call. */
    private static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String outputOf(Path output) {
        try (RandomAccessFile file = new RandomAccessFile(output.toFile(), "r")) {
            long length = file.length();
            if (length == 0) {
                return "; it printed nothing";
            }
            long start = Math.max(0, length - OUTPUT_LIMIT);
            byte[] tail = new byte[(int) (length - start)];
            file.seek(start);
            file.readFully(tail);
            return "; its output" + (start > 0 ? " (last " + OUTPUT_LIMIT + " bytes)" : "") + ":\n"
                    + new String(tail, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "; its output could not be read: " + e.getMessage();
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    @Override
    public String toString() {
        return "ExecDnsProvider[command=" + command + ", environment=" + environment.keySet() + ", timeout="
                + timeout.toSeconds() + "s]";
    }

    /** Configures an {@link ExecDnsProvider}. */
    public static final class Builder {
        private final List<String> command;
        private Map<String, String> environment = Map.of();
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(List<String> command) {
            Objects.requireNonNull(command, "command");
            if (command.isEmpty() || command.get(0).isBlank()) {
                throw new IllegalArgumentException("command is empty");
            }
            this.command = List.copyOf(command);
        }

        /**
         * Environment variables for the command, added to this process's own: the place for its
         * credentials, which are never logged.
         *
         * @param environment variable name to value
         * @return this builder
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /**
         * The deadline of one run of the command, after which it is killed.
         *
         * @param timeout at least one second; {@link #DEFAULT_TIMEOUT} by default
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toSeconds() < 1) {
                throw new IllegalArgumentException("timeout must be at least one second: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The provider.
         *
         * @return the provider
         */
        public ExecDnsProvider build() {
            return new ExecDnsProvider(this);
        }
    }
}
