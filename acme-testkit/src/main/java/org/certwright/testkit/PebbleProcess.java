package org.certwright.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A child process (pebble or pebble-challtestsrv) whose output goes to a log file, and that is
 * stopped with its whole process tree on {@link #close()} or, as a safety net, when the JVM exits.
 */
final class PebbleProcess implements AutoCloseable {

    /** Processes not yet closed; the shutdown hook stops whatever is left. */
    private static final Set<PebbleProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PebbleProcess::stopAll, "certwright-pebble-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private PebbleProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a process. Inherited {@code PEBBLE_*} environment variables are removed first, so that
     * nothing from the developer's shell (such as {@code PEBBLE_VA_ALWAYS_VALID}) changes Pebble.
     *
     * @param name        a short name for messages
     * @param command     the command line
     * @param environment variables to set
     * @param log         the file that receives stdout and stderr
     * @return the running process
     */
    static PebbleProcess start(String name, List<String> command, Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(log.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("PEBBLE_"));
        builder.environment().putAll(environment);
        try {
            Files.writeString(log, "$ " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
            Process process = builder.start();
            process.getOutputStream().close();
            PebbleProcess started = new PebbleProcess(name, process, log);
            LIVE.add(started);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Whether the log shows that a listener could not bind its port.
     *
     * @return {@code true} on "address already in use"
     */
    boolean reportsPortInUse() {
        return logText().contains("address already in use");
    }

    /**
     * The end of the log, for error messages.
     *
     * @param lines how many lines
     * @return the last lines, indented, with a header naming the log file and the exit status
     */
    String tail(int lines) {
        List<String> all = logText().lines().toList();
        List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
        String state = process.isAlive() ? "running" : "exited with status " + process.exitValue();
        StringBuilder out = new StringBuilder()
                .append(name).append(" (pid ").append(process.pid()).append(", ").append(state)
                .append("), last lines of ").append(log).append(':');
        for (String line : last) {
            out.append(System.lineSeparator()).append("    ").append(line);
        }
        return out.toString();
    }

    /** Stops the process and its descendants: SIGTERM, then SIGKILL after three seconds. */
    @Override
    public void close() {
        LIVE.remove(this);
        stop(3);
    }

    private void stop(long graceSeconds) {
        // Collect the tree first: once the parent is gone its children are re-parented and lost.
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(graceSeconds, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static void stopAll() {
        for (PebbleProcess process : List.copyOf(LIVE)) {
            process.stop(1);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
