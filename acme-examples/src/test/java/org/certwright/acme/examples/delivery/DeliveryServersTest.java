package org.certwright.acme.examples.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certwright.acme.crypto.KeyStores;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.lifecycle.CertificateManagerListener;
import org.certwright.acme.lifecycle.CurrentCertificate;
import org.certwright.acme.lifecycle.ManagedKeyManager;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle-delivery page's server snippets, compiled and run: Jetty and Netty serve a
 * {@link ManagedKeyManager} over real TLS, Tomcat a key store it reloads, and a renewed
 * certificate reaches the next handshake without restarting the server. The blocks between
 * {@code // snippet:} and {@code // end} are the page's snippets.
 */
class DeliveryServersTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tomcatBase;

    @Test
    void jetty() {
        assertTimeoutPreemptively(LIMIT, () -> {
            ManagedKeyManager keyManager = keyManagerServing(1);
            Server server = new Server();
            // snippet: jetty
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(keyManager.sslContext());
            ServerConnector connector = new ServerConnector(server, ssl);
            connector.setPort(8443);
            server.addConnector(connector);
            // end
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.start();
            try {
                assertSwapReachesTheNextHandshake(keyManager, connector.getLocalPort());
            } finally {
                server.stop();
            }
        });
    }

    @Test
    void tomcat() {
        assertTimeoutPreemptively(LIMIT, () -> {
            KeyPair first = KeyType.EC_P256.generate();
            PrivateKey key = first.getPrivate();
            List<X509Certificate> chain = List.of(certificate(first, 1));
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(tomcatBase.toString());
            // snippet: tomcat
            // Tomcat's JSSE connector builds its SSLContext from a key store, not a key manager:
            // give it the current certificate, and a new key store at every renewal.
            char[] password = "changeit".toCharArray();   // in memory only
            Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
            connector.setPort(8443);
            connector.setSecure(true);
            connector.setScheme("https");
            connector.setProperty("SSLEnabled", "true");
            SSLHostConfig sslHostConfig = new SSLHostConfig();
            SSLHostConfigCertificate certificate =
                    new SSLHostConfigCertificate(sslHostConfig, SSLHostConfigCertificate.Type.UNDEFINED);
            certificate.setCertificateKeystore(KeyStores.pkcs12(key, chain, "certwright", password));
            certificate.setCertificateKeystorePassword("changeit");
            certificate.setCertificateKeyAlias("certwright");
            sslHostConfig.addCertificate(certificate);
            connector.addSslHostConfig(sslHostConfig);
            tomcat.getService().addConnector(connector);

            CertificateManagerListener reloadTomcat = new CertificateManagerListener() {
                @Override
                public void updated(String name, CurrentCertificate renewed) {
                    certificate.setCertificateKeystore(KeyStores.pkcs12(renewed.keyPair().getPrivate(),
                            renewed.chain(), "certwright", password));
                    ((AbstractHttp11Protocol<?>) connector.getProtocolHandler()).reloadSslHostConfigs();
                }
            };
            // ... CertificateManager.builder() ... .listener(reloadTomcat)
            // end
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.start();
            try {
                assertThat(servedSerial(connector.getLocalPort())).isEqualTo(1);
                KeyPair renewed = KeyType.EC_P256.generate();
                reloadTomcat.updated("app", new CurrentCertificate(renewed, List.of(certificate(renewed, 2))));
                assertThat(servedSerial(connector.getLocalPort())).as("the renewed certificate, without a restart")
                        .isEqualTo(2);
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
        });
    }

    @Test
    void netty() {
        assertTimeoutPreemptively(LIMIT, () -> {
            ManagedKeyManager keyManager = keyManagerServing(1);
            // snippet: netty
            SslContext sslContext = new JdkSslContext(keyManager.sslContext(), false, ClientAuth.NONE);
            // in the ChannelInitializer:
            // pipeline.addLast(sslContext.newHandler(channel.alloc()));
            // end
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            try {
                Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(sslContext.newHandler(ch.alloc()));
                            }
                        }).bind("127.0.0.1", 0).sync().channel();
                assertSwapReachesTheNextHandshake(keyManager, ((InetSocketAddress) channel.localAddress()).getPort());
                channel.close().sync();
            } finally {
                group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
            }
        });
    }

    @Test
    void theSitePageShowsTheseSnippets() throws Exception {
        String source = Files.readString(Path.of("src/test/java/org/certwright/acme/examples/delivery/"
                + "DeliveryServersTest.java"));
        String page = Files.readString(Path.of("../src/site/markdown/lifecycle-delivery.md"));
        Matcher m = Pattern.compile("// snippet: (\\w+)\n(.*?)\n\\s*// end", Pattern.DOTALL).matcher(source);
        int found = 0;
        while (m.find()) {
            String snippet = m.group(2).lines().map(String::strip).collect(Collectors.joining("\n"));
            String shown = page.lines().map(String::strip).collect(Collectors.joining("\n"));
            assertThat(shown).as("lifecycle-delivery.md shows the %s snippet as compiled here", m.group(1))
                    .contains(snippet);
            found++;
        }
        assertThat(found).isEqualTo(3);
    }

    private static void assertSwapReachesTheNextHandshake(ManagedKeyManager keyManager, int port) throws Exception {
        assertThat(servedSerial(port)).isEqualTo(1);
        KeyPair renewed = KeyType.EC_P256.generate();
        keyManager.update("app", renewed.getPrivate(), List.of(certificate(renewed, 2)));
        assertThat(servedSerial(port)).as("the renewed certificate, without a restart").isEqualTo(2);
    }

    private static ManagedKeyManager keyManagerServing(long serial) {
        ManagedKeyManager keyManager = new ManagedKeyManager();
        KeyPair key = KeyType.EC_P256.generate();
        keyManager.update("app", key.getPrivate(), List.of(certificate(key, serial)));
        return keyManager;
    }

    private static long servedSerial(int port) throws Exception {
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new TrustAll()}, null);
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            SSLParameters p = socket.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName("app.example")));
            socket.setSSLParameters(p);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber().longValueExact();
        }
    }

    private static X509Certificate certificate(KeyPair key, long serial) {
        try {
            X500Name name = new X500Name("CN=app.example");
            Instant now = Instant.now();
            return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(serial), Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))),
                    name, key.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.dNSName, "app.example")))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts any server: these tests look at which certificate is served, not at trust. */
    private static final class TrustAll implements X509TrustManager {
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
