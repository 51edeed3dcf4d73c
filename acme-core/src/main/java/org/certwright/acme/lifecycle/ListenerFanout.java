package org.certwright.acme.lifecycle;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every listener; one that throws is logged and does not stop the others or the manager. */
final class ListenerFanout {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateManager.class);

    private final List<CertificateManagerListener> listeners;

    ListenerFanout(List<CertificateManagerListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void notify(Consumer<CertificateManagerListener> event) {
        for (CertificateManagerListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException ex) {
                LOG.warn("A certificate manager listener threw; ignored", ex);
            }
        }
    }
}
