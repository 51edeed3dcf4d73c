package org.certwright.acme.challenges;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Validates a simpleHttps challenge exactly as the draft's CA does (draft-barnes-acme-02, "Simple
 * HTTPS"): an HTTPS GET of {@code https://<domain>/.well-known/acme-challenge/<path>} (here sent to
 * a local address with the domain as SNI and {@code Host}); the server must present "a valid
 * self-signed certificate [that] contains the domain name being validated as well as the public
 * key of the key pair being authorized"; the {@code Content-Type} must be absent or
 * {@code text/plain}; the body must equal the token, compared as code points.
 */
final class DraftHttpsValidation {

    private DraftHttpsValidation() {
    }

    /** What the server answered, once its certificate was accepted. */
    record Fetched(X509Certificate certificate, int status, Optional<String> contentType, String body) {
    }

    /** Whether the challenge is met. */
    static boolean validate(InetSocketAddress server, String domain, String path, String token, PublicKey accountKey) {
        try {
            Fetched fetched = fetch(server, domain, path, accountKey);
            return fetched.status() == 200
                    && fetched.contentType().map(t -> t.equals("text/plain")).orElse(true)
                    && fetched.body().codePoints().boxed().toList().equals(token.codePoints().boxed().toList());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fetches the file, accepting only the certificate the draft asks for.
     *
     * @throws IOException if the connection or handshake fails, including for a certificate that
     *                     is not the one the draft asks for
     */
    static Fetched fetch(InetSocketAddress server, String domain, String path, PublicKey accountKey)
            throws IOException {
        AtomicReference<X509Certificate> presented = new AtomicReference<>();
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new DraftTrustManager(domain, accountKey, presented)}, null);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        try (Socket plain = new Socket()) {
            plain.connect(server, 5000);
            plain.setSoTimeout(5000);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain,
                    server.getHostString(), server.getPort(), true)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(domain)));
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                String request = "GET /.well-known/acme-challenge/" + path + " HTTP/1.1\r\nHost: " + domain
                        + "\r\nConnection: close\r\nAccept: */*\r\n\r\n";
                tls.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                tls.getOutputStream().flush();
                return parse(tls.getInputStream(), presented.get());
            }
        }
    }

    private static Fetched parse(InputStream in, X509Certificate certificate) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            all.write(buffer, 0, n);
            if (all.size() > 1 << 16) {
                throw new IOException("response too large");
            }
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = Arrays.copyOfRange(all.toByteArray(), end + 4, all.size());
        if (headers.containsKey("content-length")) {
            body = Arrays.copyOf(body, Integer.parseInt(headers.get("content-length")));
        }
        return new Fetched(certificate, status, Optional.ofNullable(headers.get("content-type")),
                new String(body, StandardCharsets.UTF_8));
    }

    /** Accepts only a valid self-signed certificate naming the domain with the account key. */
    private static final class DraftTrustManager extends X509ExtendedTrustManager {
        private final String domain;
        private final PublicKey accountKey;
        private final AtomicReference<X509Certificate> presented;

        DraftTrustManager(String domain, PublicKey accountKey, AtomicReference<X509Certificate> presented) {
            this.domain = domain;
            this.accountKey = accountKey;
            this.presented = presented;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            X509Certificate certificate = chain[0];
            if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                throw new CertificateException("not self-signed: issued by " + certificate.getIssuerX500Principal());
            }
            try {
                certificate.verify(certificate.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new CertificateException("the self-signature does not verify", e);
            }
            certificate.checkValidity();
            if (!Arrays.equals(certificate.getPublicKey().getEncoded(), accountKey.getEncoded())) {
                throw new CertificateException("the certificate's key is not the account key");
            }
            if (!dnsNames(certificate).contains(domain.toLowerCase(Locale.ROOT))) {
                throw new CertificateException("the certificate does not name " + domain);
            }
            presented.set(certificate);
        }

        private static List<String> dnsNames(X509Certificate certificate) throws CertificateParsingException {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            return names.stream().filter(n -> (Integer) n.get(0) == 2)
                    .map(n -> ((String) n.get(1)).toLowerCase(Locale.ROOT)).toList();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client, not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client, not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client, not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
