package org.certwright.acme.challenges;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.Message;

/**
 * A DNS server on a loopback port, UDP and TCP, whose answers a test writes: for what needs real wire
 * messages, such as TSIG signatures made and checked by dnsjava on both ends.
 */
final class FakeDnsServer implements AutoCloseable {

    /** Answers one message. */
    @FunctionalInterface
    interface Handler {
        /**
         * @param query the parsed request
         * @param wire  its bytes, e.g. to verify a TSIG signature
         * @return the response; its TSIG key, if set, signs it
         */
        Message answer(Message query, byte[] wire) throws Exception;
    }

    /** One request as received. */
    record Received(Message message, byte[] wire, boolean tcp) {
    }

    private final ServerSocket tcp;
    private final DatagramSocket udp;
    private final Handler handler;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private FakeDnsServer(ServerSocket tcp, DatagramSocket udp, Handler handler) {
        this.tcp = tcp;
        this.udp = udp;
        this.handler = handler;
    }

    static FakeDnsServer start(Handler handler) throws IOException {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        for (int attempt = 0; ; attempt++) {
            ServerSocket tcp = new ServerSocket();
            tcp.bind(new InetSocketAddress(loopback, 0));
            try {
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()));
                FakeDnsServer server = new FakeDnsServer(tcp, udp, handler);
                server.thread("udp", server::serveUdp);
                server.thread("tcp", server::serveTcp);
                return server;
            } catch (SocketException e) {
                tcp.close();
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(tcp.getInetAddress(), tcp.getLocalPort());
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Handler failures (assertions included), which the client only sees as timeouts. */
    List<Throwable> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }

    private void thread(String name, Runnable loop) {
        Thread thread = new Thread(loop, "fake-dns-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                byte[] wire = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                byte[] reply = answer(wire, false);
                if (reply != null) {
                    udp.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket socket = tcp.accept()) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                while (true) {
                    int length;
                    try {
                        length = in.readUnsignedShort();
                    } catch (EOFException e) {
                        break;
                    }
                    byte[] wire = in.readNBytes(length);
                    byte[] reply = answer(wire, true);
                    if (reply == null) {
                        break;
                    }
                    out.writeShort(reply.length);
                    out.write(reply);
                    out.flush();
                }
            } catch (IOException e) {
                // closed, or the client went away
            }
        }
    }

    private byte[] answer(byte[] wire, boolean overTcp) {
        try {
            Message query = new Message(wire);
            received.add(new Received(query, wire, overTcp));
            Message response = handler.answer(query, wire);
            return response == null ? null : response.toWire(Message.MAXLENGTH);
        } catch (Exception | AssertionError e) {
            errors.add(e);
            return null;
        }
    }
}
