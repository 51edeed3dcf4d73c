package org.certwright.acme.challenges;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.certwright.acme.challenge.TlsAlpnValidation;

/**
 * A TLS client that connects as a CA validating tls-alpn-01 does: to 127.0.0.1 with a chosen SNI
 * and ALPN list, accepting any certificate (the CA checks the certificate's content, not a chain).
 */
final class TlsClient {

    /** What a completed handshake negotiated. */
    record Result(String applicationProtocol, String protocol, X509Certificate peer) {

        /** The digest in the peer certificate's acmeIdentifier extension. */
        byte[] acmeIdentifierDigest() {
            byte[] extnValue = peer.getExtensionValue(TlsAlpnValidation.ACME_IDENTIFIER_OID);
            // extnValue: 04 22 | 04 20 | digest
            return Arrays.copyOfRange(extnValue, 4, 36);
        }
    }

    private TlsClient() {
    }

    static Result handshake(int port, String sni, String... alpn) throws IOException {
        return handshakeWithVersion(port, null, sni, alpn);
    }

    static Result handshakeWithVersion(int port, String tlsVersion, String sni, String... alpn) throws IOException {
        try (SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            parameters.setApplicationProtocols(alpn);
            if (tlsVersion != null) {
                parameters.setProtocols(new String[] {tlsVersion});
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return new Result(socket.getApplicationProtocol(), socket.getSession().getProtocol(),
                    (X509Certificate) socket.getSession().getPeerCertificates()[0]);
        }
    }

    static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAll()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
