package org.certwright.acme.challenges.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenges.HttpChallengeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one HTTP/1.x request for a challenge file on a connection and closes it: the little HTTP
 * that a CA's validation needs ({@code GET} of one path, RFC 9112), no keep-alive, no bodies, a
 * bounded request head. The connection's deadline is {@link ChallengeServer}'s.
 */
public final class ChallengeHttp {

    private static final Logger LOG = LoggerFactory.getLogger(ChallengeHttp.class);
    /** Request line and headers; a CA sends a few hundred bytes. */
    static final int MAX_HEAD_BYTES = 8 * 1024;

    private ChallengeHttp() {
    }

    /**
     * Reads one request from a connection and answers it from a store.
     *
     * @param socket the connection (plain, or TLS after {@link ChallengeServer#startTls})
     * @param store  the files in flight
     * @return the file a {@code GET} was answered with, once the answer was written: what a CA's
     *         validation request looks like
     * @throws IOException if the connection fails
     */
    public static Optional<HttpResource> serve(Socket socket, HttpChallengeStore store) throws IOException {
        Optional<String> head = readHead(new BufferedInputStream(socket.getInputStream(), 1024));
        if (head.isEmpty()) {
            return Optional.empty(); // the peer closed before sending a whole request head
        }
        HttpAnswer answer = answer(head.get(), store);
        LOG.debug("{} for {} from {}", answer.status(), firstLine(head.get()), socket.getRemoteSocketAddress());
        OutputStream out = socket.getOutputStream();
        boolean headOnly = head.get().startsWith("HEAD ");
        out.write(encode(answer, headOnly));
        out.flush();
        return headOnly ? Optional.empty() : answer.served();
    }

    /**
     * The answer to a request head.
     *
     * @param head  the request line and headers, ISO-8859-1, without the final empty line
     * @param store the files in flight
     * @return the answer
     */
    static HttpAnswer answer(String head, HttpChallengeStore store) {
        String[] parts = firstLine(head).split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !parts[2].startsWith("HTTP/1.")) {
            return HttpAnswer.badRequest();
        }
        Optional<String> path = rawPath(parts[1]);
        if (path.isEmpty()) {
            return HttpAnswer.badRequest();
        }
        return HttpAnswer.to(parts[0], path.get(), store);
    }

    /** The path of an origin-form ({@code /a?b}) or absolute-form ({@code http://h/a}) target. */
    private static Optional<String> rawPath(String target) {
        if (!target.startsWith("/") && !target.regionMatches(true, 0, "http", 0, 4)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(new URI(target).getRawPath()).filter(p -> p.startsWith("/"));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String firstLine(String head) {
        int end = head.indexOf('\n');
        return (end < 0 ? head : head.substring(0, end)).strip();
    }

    /**
     * Reads up to the empty line that ends a request head.
     *
     * @return the head, or empty if the stream ended first
     * @throws IOException if the head is too long or reading fails
     */
    static Optional<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int newlines = 0;
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                if (++newlines == 2) {
                    return Optional.of(head.toString(StandardCharsets.ISO_8859_1).stripTrailing());
                }
            } else if (b != '\r') {
                newlines = 0;
            }
            head.write(b);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("request head longer than " + MAX_HEAD_BYTES + " bytes");
            }
        }
        return Optional.empty();
    }

    private static byte[] encode(HttpAnswer answer, boolean head) {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder response = new StringBuilder(256)
                .append("HTTP/1.1 ").append(answer.status()).append(' ').append(answer.reason()).append("\r\n")
                .append("Content-Type: ").append(answer.contentType()).append("\r\n")
                // A cached challenge answer would outlive the challenge.
                .append("Cache-Control: no-store\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: close\r\n");
        answer.allow().ifPresent(allow -> response.append("Allow: ").append(allow).append("\r\n"));
        response.append("\r\n");
        byte[] headers = response.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (head) {
            return headers;
        }
        byte[] all = new byte[headers.length + body.length];
        System.arraycopy(headers, 0, all, 0, headers.length);
        System.arraycopy(body, 0, all, headers.length, body.length);
        return all;
    }
}
