package org.certwright.acme.challenges.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Listen addresses of the responders' servers, from arguments or system properties. */
public final class ListenAddresses {

    private ListenAddresses() {
    }

    /**
     * The address named by two system properties.
     *
     * @param addressProperty the property holding a host name or IP literal; unset or blank means
     *                        every local address
     * @param portProperty    the property holding the port
     * @param defaultPort     the port when {@code portProperty} is unset
     * @return the address
     * @throws IllegalArgumentException if a property holds something unusable
     */
    public static InetSocketAddress fromSystemProperties(String addressProperty, String portProperty,
                                                         int defaultPort) {
        String portText = System.getProperty(portProperty, "").strip();
        int port;
        try {
            port = portText.isEmpty() ? defaultPort : Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(portProperty + " is not a port number: '" + portText + "'", e);
        }
        String host = System.getProperty(addressProperty, "").strip();
        if (host.isEmpty()) {
            return wildcard(port);
        }
        try {
            return of(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(addressProperty + " names no address: '" + host + "'", e);
        }
    }

    /**
     * Every local address, on a port.
     *
     * @param port 1 to 65535
     * @return the address
     */
    public static InetSocketAddress wildcard(int port) {
        return new InetSocketAddress(checkPort(port));
    }

    /**
     * One local address, on a port.
     *
     * @param address the address
     * @param port    1 to 65535
     * @return the address
     */
    public static InetSocketAddress of(InetAddress address, int port) {
        return new InetSocketAddress(address, checkPort(port));
    }

    /**
     * Checks an address given by a caller. Port 0 is refused: listeners are shared by port, and
     * an ephemeral port would differ on every start.
     *
     * @param address the address
     * @return the address
     */
    public static InetSocketAddress check(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved listen address: " + address);
        }
        checkPort(address.getPort());
        return address;
    }

    private static int checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
        }
        return port;
    }
}
