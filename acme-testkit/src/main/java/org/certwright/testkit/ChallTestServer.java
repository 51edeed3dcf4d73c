package org.certwright.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pebble-challtestsrv that serves DNS to one {@link PebbleServer}: every name resolves to
 * 127.0.0.1 (A) and has no AAAA, unless a test says otherwise, and TXT records for dns-01 are added
 * through its management API. Only its DNS and management listeners run; http-01 and tls-alpn-01
 * are answered by the code under test on {@link PebbleServer#httpPort()} and
 * {@link PebbleServer#tlsPort()}.
 *
 * <p>Host names may be given with or without the trailing dot. The DNS data is shared by all tests
 * that use the same Pebble configuration, so use names unique to the test.
 */
public final class ChallTestServer {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(250);

    private final PebbleProcess process;
    private final ManagementClient client;
    private final URI managementUrl;
    private final int dnsPort;

    private ChallTestServer(PebbleProcess process, ManagementClient client, URI managementUrl, int dnsPort) {
        this.process = process;
        this.client = client;
        this.managementUrl = managementUrl;
        this.dnsPort = dnsPort;
    }

    /**
     * Starts pebble-challtestsrv with only DNS and management listeners and waits until both answer.
     *
     * @param client supplies the management client once the process is up
     * @throws PebbleLauncher.PortInUseException if a port was taken meanwhile
     */
    static ChallTestServer start(PebbleDistribution distribution, Path dir, int dnsPort, int managementPort,
            Instant deadline, Supplier<ManagementClient> client) throws PebbleLauncher.PortInUseException {
        PebbleProcess process = PebbleProcess.start("pebble-challtestsrv",
                command(distribution, dnsPort, managementPort), Map.of(), dir.resolve("challtestsrv.log"));
        try {
            awaitReady(process, dnsPort, managementPort, deadline);
            return new ChallTestServer(process, client.get(), URI.create("http://127.0.0.1:" + managementPort),
                    dnsPort);
        } catch (PebbleLauncher.PortInUseException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /**
     * The base URL of the management API, e.g. {@code http://127.0.0.1:40123}.
     *
     * @return the URL, without trailing slash
     */
    public URI managementUrl() {
        return managementUrl;
    }

    /**
     * The UDP/TCP port of the DNS server on 127.0.0.1, which Pebble uses as its resolver.
     *
     * @return the port
     */
    public int dnsPort() {
        return dnsPort;
    }

    /**
     * The DNS server's address, for resolvers under test.
     *
     * @return 127.0.0.1 and {@link #dnsPort()}
     */
    public InetSocketAddress dnsAddress() {
        return new InetSocketAddress(FreePorts.loopback(), dnsPort);
    }

    /**
     * Adds a TXT record; earlier values for the same name stay (several dns-01 challenges may share one).
     *
     * @param host  the name, e.g. {@code _acme-challenge.example.com}
     * @param value the record's text
     */
    public void addTxt(String host, String value) {
        Objects.requireNonNull(value, "value");
        client.postOk(endpoint("set-txt"), hostBody(fqdn(host)).put("value", value));
    }

    /**
     * Removes all TXT records of a name.
     *
     * @param host the name
     */
    public void clearTxt(String host) {
        client.postOk(endpoint("clear-txt"), hostBody(fqdn(host)));
    }

    /**
     * Adds an A record, which replaces the default 127.0.0.1 for this name.
     *
     * @param host the name
     * @param ip   an IPv4 address
     */
    public void addA(String host, String ip) {
        Objects.requireNonNull(ip, "ip");
        ObjectNode body = hostBody(fqdn(host));
        body.putArray("addresses").add(ip);
        client.postOk(endpoint("add-a"), body);
    }

    /**
     * Removes the A records added for a name; it resolves to the default again.
     *
     * @param host the name
     */
    public void clearA(String host) {
        client.postOk(endpoint("clear-a"), hostBody(fqdn(host)));
    }

    /**
     * Sets the address that answers A queries for names without their own A record.
     *
     * @param ip an IPv4 address, or {@code ""} for no default (such names then have no A record)
     */
    public void setDefaultIpv4(String ip) {
        client.postOk(endpoint("set-default-ipv4"), ManagementClient.object().put("ip", ip == null ? "" : ip));
    }

    /**
     * The DNS questions received for a name since the start (or the last {@link #clearDnsRequestHistory}).
     *
     * @param host the name
     * @return the questions, oldest first
     * @throws UnsupportedOperationException if this pebble-challtestsrv keeps no history
     */
    public List<DnsRequest> dnsRequestHistory(String host) {
        HttpResponse<String> response = client.post(endpoint("dns-request-history"), hostBody(historyKey(host)));
        if (response.statusCode() == 404) {
            throw new UnsupportedOperationException("This pebble-challtestsrv has no " + response.request().uri());
        }
        ManagementClient.requireOk(response);
        List<DnsRequest> requests = new ArrayList<>();
        for (JsonNode event : ManagementClient.parse(response).values()) {
            JsonNode question = event.path("Question");
            requests.add(new DnsRequest(question.path("Name").asString(""), question.path("Qtype").asInt(0),
                    question.path("Qclass").asInt(0)));
        }
        return requests;
    }

    /**
     * Forgets the DNS questions received for a name.
     *
     * @param host the name
     */
    public void clearDnsRequestHistory(String host) {
        client.postOk(endpoint("clear-request-history"), hostBody(historyKey(host)).put("type", "dns"));
    }

    /**
     * The file that receives pebble-challtestsrv's output.
     *
     * @return the log file
     */
    public Path logFile() {
        return process.log();
    }

    @Override
    public String toString() {
        return "pebble-challtestsrv[dns=127.0.0.1:" + dnsPort + ", management=" + managementUrl + "]";
    }

    void stop() {
        process.close();
    }

    PebbleProcess process() {
        return process;
    }

    private static void awaitReady(PebbleProcess process, int dnsPort, int managementPort, Instant deadline)
            throws PebbleLauncher.PortInUseException {
        boolean managementUp = false;
        while (Instant.now().isBefore(deadline)) {
            // A DNS port already in use is only logged, the process keeps running: look at the log too.
            if (process.reportsPortInUse()) {
                throw new PebbleLauncher.PortInUseException(process.tail(5));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("pebble-challtestsrv exited during startup.\n" + process.tail(30));
            }
            managementUp = managementUp || accepts(managementPort);
            if (managementUp && DnsProbe.answers(dnsPort, POLL_TIMEOUT)) {
                return;
            }
            PebbleLauncher.pause();
        }
        throw new IllegalStateException("pebble-challtestsrv did not answer on DNS 127.0.0.1:" + dnsPort
                + " and management port " + managementPort + " within " + PebbleLauncher.STARTUP_TIMEOUT.toSeconds()
                + " s.\n" + process.tail(30));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(FreePorts.loopback(), port), (int) POLL_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> command(PebbleDistribution distribution, int dnsPort, int managementPort) {
        Set<String> flags = distribution.challtestsrvFlags();
        String dnsFlag;
        if (flags.contains("dnsserver")) {
            dnsFlag = "-dnsserver";
        } else if (flags.contains("dns01")) {
            dnsFlag = "-dns01";
        } else {
            throw new IllegalStateException(distribution.challtestsrv() + " has neither -dnsserver nor -dns01: "
                    + flags);
        }
        List<String> command = new ArrayList<>(List.of(distribution.challtestsrv().toString(),
                "-defaultIPv4", "127.0.0.1",
                "-defaultIPv6", "",
                dnsFlag, "127.0.0.1:" + dnsPort,
                "-management", "127.0.0.1:" + managementPort));
        // Empty addresses turn the other servers off.
        for (String unused : List.of("http01", "https01", "tlsalpn01", "doh")) {
            if (flags.contains(unused)) {
                command.add("-" + unused);
                command.add("");
            }
        }
        return command;
    }

    private URI endpoint(String path) {
        return managementUrl.resolve("/" + path);
    }

    private static ObjectNode hostBody(String host) {
        return ManagementClient.object().put("host", host);
    }

    /** The name with a trailing dot, as older pebble-challtestsrv versions store DNS data. */
    static String fqdn(String host) {
        Objects.requireNonNull(host, "host");
        return host.endsWith(".") ? host : host + ".";
    }

    /** The request history is keyed by the name without its trailing dot. */
    private static String historyKey(String host) {
        Objects.requireNonNull(host, "host");
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
