package org.certwright.acme.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.certwright.acme.challenges.DnsResponder;
import org.certwright.acme.challenges.EmbeddedHttpResponder;
import org.certwright.acme.challenges.Rfc2136DnsProvider;
import org.certwright.acme.challenges.TlsAlpnResponder;
import org.certwright.acme.challenges.WebrootHttpResponder;
import picocli.CommandLine.Option;

/**
 * How the CA's challenges are answered: an embedded http-01 server (the default, on port 80), a
 * web root, a tls-alpn-01 server, or DNS (RFC 2136 or a provider by name). Several may be given;
 * the issuance flow falls back from one type to the next.
 */
final class ChallengeOptions {

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "answer http-01 with a built-in HTTP server on this port (the default, on port 80,"
                    + " when no other challenge option is given)")
    Integer httpPort;

    @Option(names = "--http-address", paramLabel = "ADDRESS",
            description = "address the built-in HTTP server listens on (default: every address)")
    InetAddress httpAddress;

    @Option(names = "--webroot", paramLabel = "DIR",
            description = "answer http-01 by writing files under DIR/.well-known/acme-challenge/ for a running web server")
    Path webroot;

    @Option(names = "--tls-alpn-port", paramLabel = "PORT",
            description = "answer tls-alpn-01 with a built-in TLS server on this port (normally 443)")
    Integer tlsAlpnPort;

    @Option(names = "--dns-rfc2136", paramLabel = "SERVER[:PORT]",
            description = "answer dns-01 by RFC 2136 dynamic updates to this DNS server (port 53 by default)")
    String rfc2136Server;

    @Option(names = "--tsig-key", paramLabel = "NAME:ALGORITHM",
            description = "TSIG key for --dns-rfc2136, e.g. acme-update:hmac-sha256; the secret comes from $CERTWRIGHT_TSIG_SECRET")
    String tsigKey;

    @Option(names = "--dns-zone", paramLabel = "ZONE", description = "the zone for --dns-rfc2136 (default: found by SOA queries)")
    String dnsZone;

    @Option(names = "--dns", paramLabel = "PROVIDER",
            description = "answer dns-01 with a DNS provider module on the class path, by name")
    String dnsProvider;

    @Option(names = "--dns-option", paramLabel = "KEY=VALUE",
            description = "an option for --dns; repeat for more")
    Map<String, String> dnsOptions = new LinkedHashMap<>();

    /**
     * Checks what can be checked before anything is sent to the CA: that a named DNS provider
     * exists and accepts its options, and options go with the option they belong to.
     */
    void check() {
        if (dnsProvider != null) {
            // Made once here so that a missing or malformed option is a usage error, not a
            // failure after the order is placed.
            DnsProvider probe = DnsProviderFactory.named(dnsProvider).create(dnsOptions);
            if (probe instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // nothing was opened that matters: it was only checked
                }
            }
        } else if (!dnsOptions.isEmpty()) {
            throw new IllegalArgumentException("--dns-option needs --dns PROVIDER");
        }
        if ((tsigKey != null || dnsZone != null) && rfc2136Server == null) {
            throw new IllegalArgumentException("--tsig-key and --dns-zone go with --dns-rfc2136");
        }
    }

    /** The responders these options ask for, started; the caller closes the closeable ones. */
    List<ChallengeResponder> responders() {
        check();
        List<ChallengeResponder> responders = new ArrayList<>();
        try {
            if (webroot != null) {
                responders.add(new WebrootHttpResponder(webroot));
            }
            if (httpPort != null || httpAddress != null) {
                int port = httpPort == null ? EmbeddedHttpResponder.DEFAULT_PORT : httpPort;
                responders.add(httpAddress == null ? new EmbeddedHttpResponder(port)
                        : new EmbeddedHttpResponder(httpAddress, port));
            }
            if (tlsAlpnPort != null) {
                responders.add(new TlsAlpnResponder(tlsAlpnPort));
            }
            if (rfc2136Server != null) {
                responders.add(DnsResponder.of(rfc2136()));
            }
            if (dnsProvider != null) {
                responders.add(DnsResponder.of(DnsProviderFactory.named(dnsProvider).create(dnsOptions)));
            }
            if (responders.isEmpty()) {
                responders.add(new EmbeddedHttpResponder(EmbeddedHttpResponder.DEFAULT_PORT));
            }
            return responders;
        } catch (RuntimeException e) {
            close(responders);
            throw e;
        }
    }

    private DnsProvider rfc2136() {
        InetSocketAddress server = hostAndPort(rfc2136Server, 53, "--dns-rfc2136");
        Rfc2136DnsProvider.Builder b = Rfc2136DnsProvider.builder(server.getHostString(), server.getPort());
        if (tsigKey != null) {
            int colon = tsigKey.indexOf(':');
            String secret = System.getenv("CERTWRIGHT_TSIG_SECRET");
            if (colon <= 0 || secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("--tsig-key needs NAME:ALGORITHM and the secret in $CERTWRIGHT_TSIG_SECRET");
            }
            b.tsigKey(tsigKey.substring(0, colon), tsigKey.substring(colon + 1), secret.strip());
        }
        if (dnsZone != null) {
            b.zone(dnsZone);
        }
        return b.build();
    }

    /** {@code host}, {@code host:port} or {@code [v6]:port}. */
    static InetSocketAddress hostAndPort(String text, int defaultPort, String option) {
        String host = text;
        int port = defaultPort;
        int colon = text.lastIndexOf(':');
        if (colon > 0 && (text.indexOf(':') == colon || text.startsWith("["))) {
            host = text.substring(0, colon);
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + text.substring(colon + 1) + "' is not a port number", e);
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(option + ": port " + port + " is out of range");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** Stops the responders that run servers; the first failure is rethrown after all were tried. */
    static void close(List<ChallengeResponder> responders) {
        RuntimeException failure = null;
        for (ChallengeResponder r : responders) {
            if (r instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = new IllegalStateException("cannot stop " + r, e);
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
