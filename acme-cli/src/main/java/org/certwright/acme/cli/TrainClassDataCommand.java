package org.certwright.acme.cli;

import java.net.URI;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.certwright.acme.AcmeClient;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.RetryPolicy;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.problem.AcmeException;
import picocli.CommandLine.Command;

/**
 * The build's class-data-sharing training run: loads what {@code issue} loads (the parser and its
 * help, keys, CSR, JSON, JWS, the HTTP client, TLS) without a CA, so that the archive written at
 * exit covers them. Hidden: it is for the build, not for users.
 */
@Command(name = "train-class-data", hidden = true, description = "Loads the classes a command needs (build step).")
final class TrainClassDataCommand implements java.util.concurrent.Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Certwright.commandLine().getSubcommands().get("issue").getUsageMessage();
        KeyPair key = KeyType.EC_P256.generate();
        Pem.encodePrivateKey(key.getPrivate());
        Csr.of(key, List.of(Identifier.dns("example.com"))).toPem();
        new Reporter(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), true, false, false)
                .result(Map.of("train", true), List.of());
        SSLContext tls = SSLContext.getDefault();
        SSLEngine engine = tls.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        engine.wrap(java.nio.ByteBuffer.allocate(0), java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
        // Nothing listens on port 1: the request fails at once, after building the client, the JWS and the request.
        AcmeClient client = AcmeClient.builder(URI.create("https://127.0.0.1:1/dir")).retryPolicy(RetryPolicy.NONE).build();
        try {
            client.session(AccountKey.of(key)).register(NewRegistration.builder().agreeToTermsOfService().build());
        } catch (AcmeException expected) {
            // the point was the classes on the way
        }
        return ExitCode.OK;
    }
}
