package org.certwright.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A few lines of raw DNS over UDP, so that the tests need no DNS library. */
final class RawDns {

    static final int A = 1;
    static final int TXT = 16;
    static final int AAAA = 28;

    /** One answer record: its type and data. */
    record Answer(int type, byte[] data) {
        String ipv4() throws IOException {
            return InetAddress.getByAddress(data).getHostAddress();
        }

        String txt() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < data.length; i += 1 + (data[i] & 0xff)) {
                text.append(new String(data, i + 1, data[i] & 0xff, StandardCharsets.US_ASCII));
            }
            return text.toString();
        }
    }

    private RawDns() {
    }

    static List<Answer> query(int port, String name, int type) throws IOException {
        ByteArrayOutputStream query = new ByteArrayOutputStream();
        int id = 0x4242;
        query.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            query.write(label.length());
            query.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        query.writeBytes(new byte[] {0, (byte) (type >> 8), (byte) type, 0, 1});
        byte[] bytes = query.toByteArray();

        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(2000);
            socket.send(new DatagramPacket(bytes, bytes.length,
                    new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port)));
            DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);
            socket.receive(reply);
            ByteBuffer in = ByteBuffer.wrap(reply.getData(), 0, reply.getLength());
            if (in.getShort() != id) {
                throw new IOException("reply for another query");
            }
            in.getShort(); // flags
            int questions = in.getShort();
            int answers = in.getShort();
            in.getShort();
            in.getShort();
            for (int i = 0; i < questions; i++) {
                skipName(in);
                in.getInt(); // type, class
            }
            List<Answer> result = new ArrayList<>();
            for (int i = 0; i < answers; i++) {
                skipName(in);
                int answerType = in.getShort() & 0xffff;
                in.getShort(); // class
                in.getInt(); // ttl
                byte[] data = new byte[in.getShort() & 0xffff];
                in.get(data);
                result.add(new Answer(answerType, data));
            }
            return result;
        }
    }

    private static void skipName(ByteBuffer in) {
        while (true) {
            int length = in.get() & 0xff;
            if (length == 0) {
                return;
            }
            if ((length & 0xc0) == 0xc0) { // compression pointer ends the name
                in.get();
                return;
            }
            in.position(in.position() + length);
        }
    }
}
