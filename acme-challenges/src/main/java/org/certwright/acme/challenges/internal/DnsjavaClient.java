package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;

/**
 * A {@link DnsClient} on dnsjava's {@link SimpleResolver}: one exchange per call, UDP with a retry
 * over TCP when the answer is truncated (or TCP only), optionally signed with a TSIG key, whose
 * signature on the response dnsjava then checks ({@link Message#isVerified()}).
 */
public final class DnsjavaClient implements DnsClient {

    private final Duration timeout;
    private final boolean tcp;
    private final TSIG tsig;

    /**
     * Creates a client.
     *
     * @param timeout how long to wait for each response
     * @param tcp     whether to use TCP only (updates: a lost UDP datagram would go unnoticed until the timeout)
     * @param tsig    the key to sign with, or {@code null}
     */
    public DnsjavaClient(Duration timeout, boolean tcp, TSIG tsig) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.tcp = tcp;
        this.tsig = tsig;
    }

    @Override
    public Message send(InetSocketAddress server, Message query) throws IOException {
        // A resolver per exchange: SimpleResolver is cheap (its sockets are shared) and keeps per-server state.
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(timeout);
        resolver.setTCP(tcp);
        if (tsig != null) {
            resolver.setTSIGKey(tsig);
        }
        try {
            return resolver.send(query);
        } catch (IOException e) {
            // dnsjava turns an interrupt into an IOException after restoring the interrupt status.
            if (Thread.currentThread().isInterrupted()) {
                InterruptedIOException interrupted = new InterruptedIOException("interrupted while asking " + server);
                interrupted.initCause(e);
                throw interrupted;
            }
            throw e;
        }
    }
}
