package org.certwright.acme.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.crypto.Pem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A minimal ACME CA on loopback HTTPS for the build's class-data-sharing training run: it
 * answers one account, one order with one http-01 challenge (marked valid without checking),
 * finalization, the certificate and renewal information, so that the training goes through the
 * same code (HTTP client, TLS handshake, JWS, JSON, CSR, store, files) as a real {@code issue}.
 * Never used against anything but the training commands.
 */
final class TrainingCa implements AutoCloseable {

    static final String NAME = "train.certwright.test";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "x".repeat(43);

    private final KeyPair caKey = KeyType.EC_P256.generate();
    private final X509Certificate caCert;
    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final AtomicLong nonces = new AtomicLong();
    private volatile boolean challengeAnswered;
    private volatile X509Certificate issued;
    private final boolean authorityKeyIdentifier;

    TrainingCa() throws Exception {
        this(true);
    }

    /**
     * A CA whose certificates have an Authority Key Identifier (what ARI needs) or, for tests
     * of the fallback, not.
     */
    TrainingCa(boolean authorityKeyIdentifier) throws Exception {
        this.authorityKeyIdentifier = authorityKeyIdentifier;
        caCert = certificate("CN=certwright training CA", caKey.getPublic(), true, null);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("ca", caKey.getPrivate(), new char[0], new X509Certificate[] {caCert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The directory URL. */
    URI directoryUrl() {
        return URI.create(base() + "/dir");
    }

    /** Writes the CA's certificate, the trust anchor for {@code --trust}. */
    void writeTrust(Path file) throws IOException {
        Files.writeString(file, Pem.encodeCertificates(List.of(caCert)));
    }

    private String base() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            exchange.getResponseHeaders().add("Replay-Nonce", "nonce" + nonces.incrementAndGet());
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            String b = base();
            Map<String, Object> identifier = Map.of("type", "dns", "value", NAME);
            Map<String, Object> challenge = new LinkedHashMap<>();
            challenge.put("type", "http-01");
            challenge.put("url", b + "/chall/1");
            challenge.put("token", TOKEN);
            challenge.put("status", challengeAnswered ? "valid" : "pending");
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("status", issued != null ? "valid" : challengeAnswered ? "ready" : "pending");
            order.put("expires", Instant.now().plus(Duration.ofDays(1)).toString());
            order.put("identifiers", List.of(identifier));
            order.put("authorizations", List.of(b + "/authz/1"));
            order.put("finalize", b + "/finalize/1");
            if (issued != null) {
                order.put("certificate", b + "/cert/1");
            }
            switch (path) {
                case "/dir" -> json(exchange, 200, Map.of("newNonce", b + "/nonce", "newAccount", b + "/acct",
                        "newOrder", b + "/order", "revokeCert", b + "/revoke", "keyChange", b + "/key",
                        "renewalInfo", b + "/ari"));
                case "/nonce" -> empty(exchange, exchange.getRequestMethod().equals("HEAD") ? 200 : 204);
                case "/acct" -> {
                    exchange.getResponseHeaders().add("Location", b + "/acct/1");
                    json(exchange, 201, Map.of("status", "valid", "contact", List.of(), "orders", b + "/orders"));
                }
                case "/acct/1" -> json(exchange, 200, Map.of("status", "valid", "contact", List.of()));
                case "/order" -> {
                    exchange.getResponseHeaders().add("Location", b + "/order/1");
                    json(exchange, 201, order);
                }
                case "/order/1" -> json(exchange, 200, order);
                case "/authz/1" -> json(exchange, 200, Map.of("status", challengeAnswered ? "valid" : "pending",
                        "identifier", identifier, "expires", Instant.now().plus(Duration.ofDays(1)).toString(),
                        "challenges", List.of(challenge)));
                case "/chall/1" -> {
                    challengeAnswered = true;
                    challenge.put("status", "valid");
                    exchange.getResponseHeaders().add("Link", "<" + b + "/authz/1>;rel=\"up\"");
                    json(exchange, 200, challenge);
                }
                case "/finalize/1" -> {
                    JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(
                            JSON.readTree(body).path("payload").stringValue()));
                    Csr csr = Csr.parse(Base64.getUrlDecoder().decode(payload.path("csr").stringValue()));
                    issued = certificate("CN=" + NAME, csr.publicKey(), false, NAME);
                    order.put("status", "valid");
                    order.put("certificate", b + "/cert/1");
                    exchange.getResponseHeaders().add("Location", b + "/order/1");
                    json(exchange, 200, order);
                }
                case "/cert/1" -> {
                    byte[] pem = Pem.encodeCertificates(List.of(issued, caCert)).getBytes(StandardCharsets.US_ASCII);
                    exchange.getResponseHeaders().add("Content-Type", "application/pem-certificate-chain");
                    exchange.sendResponseHeaders(200, pem.length);
                    exchange.getResponseBody().write(pem);
                }
                default -> {
                    if (path.startsWith("/ari/")) {
                        Instant now = Instant.now();
                        json(exchange, 200, Map.of("suggestedWindow", Map.of("start",
                                now.plus(Duration.ofDays(30)).toString(), "end", now.plus(Duration.ofDays(31)).toString())));
                    } else {
                        empty(exchange, 404);
                    }
                }
            }
        } catch (Exception e) {
            throw new IOException("training CA: " + e, e);
        }
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void empty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    private X509Certificate certificate(String subject, PublicKey key, boolean ca, String dnsName) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=certwright training CA"),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(90))), new X500Name(subject), key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (authorityKeyIdentifier) {
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caKey.getPublic()));
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsName == null
                ? new GeneralName(GeneralName.iPAddress, "127.0.0.1") : new GeneralName(GeneralName.dNSName, dnsName)));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
