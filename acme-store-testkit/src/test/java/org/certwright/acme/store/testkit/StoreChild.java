package org.certwright.acme.store.testkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.certwright.acme.lifecycle.FileCertificateStore;
import org.certwright.acme.lifecycle.StoreLease;

/**
 * A separate process sharing a {@link FileCertificateStore} with others, for
 * {@link FileCertificateStoreTest}. Prints one line per lease it got: {@code token <n>}.
 *
 * <ul>
 *   <li>{@code increment <root> <owner> <rounds>}: each round takes the lock {@code counter}
 *       (retrying until it gets it), adds one to the blob {@code counter/value} with a fenced
 *       write, and releases the lock.</li>
 *   <li>{@code race <root> <owner> <barrierDirectory>}: creates {@code ready-<owner>} in the
 *       barrier directory, waits for {@code go} to appear there, then tries once to take the lock
 *       {@code expired}.</li>
 * </ul>
 */
public final class StoreChild {

    private StoreChild() {
    }

    /**
     * Runs one mode; exits with status 0 when done.
     *
     * @param args the mode and its arguments
     * @throws Exception on any failure, which fails the process
     */
    public static void main(String[] args) throws Exception {
        FileCertificateStore store = FileCertificateStore.open(Path.of(args[1]));
        String owner = args[2];
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        if (args[0].equals("increment")) {
            int rounds = Integer.parseInt(args[3]);
            for (int i = 0; i < rounds; i++) {
                Optional<StoreLease> lease = store.tryLock("counter", owner, Duration.ofMinutes(5));
                while (lease.isEmpty()) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException("never got the lock");
                    }
                    Thread.sleep(1);
                    lease = store.tryLock("counter", owner, Duration.ofMinutes(5));
                }
                int value = store.read("counter/value")
                        .map(b -> Integer.parseInt(new String(b, StandardCharsets.US_ASCII)))
                        .orElse(0);
                store.write("counter/value", Integer.toString(value + 1).getBytes(StandardCharsets.US_ASCII),
                        lease.get());
                System.out.println("token " + lease.get().token());
                store.release(lease.get());
            }
        } else if (args[0].equals("race")) {
            Path barrier = Path.of(args[3]);
            Files.createFile(barrier.resolve("ready-" + owner));
            while (!Files.exists(barrier.resolve("go"))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("never told to go");
                }
                Thread.onSpinWait();
            }
            store.tryLock("expired", owner, Duration.ofMinutes(5))
                    .ifPresent(lease -> System.out.println("token " + lease.token()));
        } else {
            throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.out.flush();
    }
}
