package org.certwright.acme.challenges.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the threads of the responders' servers and makes them daemons, so that a server left
 * running by a forgotten responder never keeps the JVM alive.
 */
public final class DaemonThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    /**
     * A factory whose threads are called {@code <prefix>-1}, {@code <prefix>-2}, …
     *
     * @param prefix the thread name prefix
     */
    public DaemonThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
