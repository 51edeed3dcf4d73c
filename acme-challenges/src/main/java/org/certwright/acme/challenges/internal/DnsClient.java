package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.xbill.DNS.Message;

/**
 * Sends one DNS message to one server and returns the response: the only way the DNS code talks to
 * the network, so that tests can answer in memory. Implementations are thread-safe.
 */
@FunctionalInterface
public interface DnsClient {

    /**
     * Sends a message and waits for the response.
     *
     * @param server the server to ask
     * @param query  the message (a query or an update)
     * @return the response, whatever its RCODE
     * @throws java.io.InterruptedIOException if the thread was interrupted (its interrupt status is set)
     * @throws IOException if no usable response arrived in time
     */
    Message send(InetSocketAddress server, Message query) throws IOException;
}
