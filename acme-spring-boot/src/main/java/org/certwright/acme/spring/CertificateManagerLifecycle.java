package org.certwright.acme.spring;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.certwright.acme.lifecycle.CertificateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the manager once the web server listens, so that the first http-01 challenge can be
 * answered by the application itself, and stops it before the web server stops.
 */
final class CertificateManagerLifecycle implements SmartLifecycle {

    /** After Spring Boot's web server start (phase {@code Integer.MAX_VALUE - 2048}). */
    static final int PHASE = Integer.MAX_VALUE - 1000;

    private static final Logger LOG = LoggerFactory.getLogger(CertificateManagerLifecycle.class);

    private final CertificateManager manager;
    private final String certificateName;
    private final Duration wait;
    private volatile boolean running;

    CertificateManagerLifecycle(CertificateManager manager, String certificateName, Duration wait) {
        this.manager = manager;
        this.certificateName = certificateName;
        this.wait = wait;
    }

    @Override
    public void start() {
        manager.start();
        running = true;
        if (wait.isZero()) {
            return;
        }
        try {
            manager.awaitValid(certificateName, wait);
        } catch (TimeoutException e) {
            LOG.warn("No certificate {} within certwright.startup.wait={}; going on with the temporary one, "
                    + "the real one is swapped in when it arrives", certificateName, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        manager.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
