package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.Name;

/** Finds the servers that are authoritative for a name: those a CA's lookup ends at. */
@FunctionalInterface
public interface ServerLocator {

    /**
     * The authoritative servers for a name.
     *
     * @param name an absolute name
     * @return one or more servers
     * @throws java.io.InterruptedIOException if interrupted
     * @throws IOException if they cannot be found
     */
    List<InetSocketAddress> serversFor(Name name) throws IOException;

    /**
     * The same servers for every name: for test servers on loopback ports, or a split-horizon setup.
     *
     * @param servers the servers
     * @return a locator that always answers {@code servers}
     */
    static ServerLocator fixed(List<InetSocketAddress> servers) {
        List<InetSocketAddress> copy = List.copyOf(servers);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("at least one server is needed");
        }
        return name -> copy;
    }
}
