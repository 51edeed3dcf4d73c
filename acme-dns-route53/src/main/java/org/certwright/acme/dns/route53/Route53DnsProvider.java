package org.certwright.acme.dns.route53;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.dns.DnsApiException;
import org.certwright.acme.dns.internal.NameLocks;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.RRType;
import org.certwright.acme.dns.internal.Durations;

/**
 * Publishes TXT records in Amazon Route 53 through the AWS SDK v2, with credentials from the SDK's
 * default chain (environment, system properties, profile files, container and instance roles) unless
 * given.
 *
 * <pre>{@code
 * DnsProvider dns = Route53DnsProvider.builder().build();               // default credential chain
 * DnsProvider dns = Route53DnsProvider.builder().hostedZoneId("Z1D633PJN98FT9").build();
 * }</pre>
 *
 * <p>Least privilege: {@code route53:ChangeResourceRecordSets} and {@code route53:ListResourceRecordSets}
 * on the hosted zones certificates are for (a condition on
 * {@code route53:ChangeResourceRecordSetsRecordTypes = TXT} and on the normalized record names
 * {@code _acme-challenge.*} narrows it further), {@code route53:GetChange} on {@code change/*}, and
 * {@code route53:ListHostedZones} unless the hosted zone id is configured.
 *
 * <p>Route 53 keeps the values of a name as one record set. A change replaces it by deleting the exact
 * set that was read and creating the new one in one atomic batch, so a concurrent writer's change
 * makes the batch fail (InvalidChangeBatch) instead of being overwritten; the change is then redone
 * from a fresh read, up to {@value #MAX_ATTEMPTS} times; writes to one name from this provider take turns. After a change the provider waits until
 * {@code GetChange} reports {@code INSYNC} (every Route 53 server has it), within
 * {@link Builder#propagationTimeout(Duration)}. Every call has a deadline, throttling is retried by the
 * SDK's standard retry strategy within it, and failures are {@link DnsApiException}s with Route 53's
 * error code and message. Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class Route53DnsProvider implements DnsProvider, AutoCloseable {

    /** The default TTL of the TXT record sets written. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    /** The default deadline of each API call, retries included. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The default bound on the wait for a change to reach every Route 53 server. */
    public static final Duration DEFAULT_PROPAGATION_TIMEOUT = Duration.ofMinutes(2);
    /** How often a change is redone when another writer changed the record set meanwhile. */
    public static final int MAX_ATTEMPTS = 5;

    static final String SERVICE = "Route 53";
    private static final Logger LOG = LoggerFactory.getLogger(Route53DnsProvider.class);

    private final Route53Client client;
    private final URI endpoint;
    private final Optional<String> hostedZoneId;
    private final long ttl;
    private final Duration propagationTimeout;
    private final Duration pollInterval;
    private final Map<String, String> zoneIds = new ConcurrentHashMap<>();
    private final NameLocks locks = new NameLocks();

    private Route53DnsProvider(Builder builder) {
        Duration timeout = builder.timeout;
        var client = Route53Client.builder()
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(builder.credentials != null ? builder.credentials
                        : DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(timeout)
                        .apiCallAttemptTimeout(timeout)
                        .retryStrategy(RetryMode.STANDARD)
                        .build());
        builder.endpoint.ifPresent(client::endpointOverride);
        this.client = client.build();
        this.endpoint = builder.endpoint.orElse(URI.create("https://route53.amazonaws.com/"));
        this.hostedZoneId = builder.hostedZoneId;
        this.ttl = builder.ttl.toSeconds();
        this.propagationTimeout = builder.propagationTimeout;
        this.pollInterval = builder.pollInterval;
    }

    /**
     * A builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void publish(DnsRecord record) throws AcmeException {
        change(record, true);
    }

    @Override
    public void remove(DnsRecord record) throws AcmeException {
        change(record, false);
    }

    private void change(DnsRecord record, boolean add) throws AcmeException {
        String name = normalize(record.name());
        String zone = zoneFor(name);
        // Writers in this process take turns at a name; the compare-and-set below only has to settle
        // races with other processes, which optimistic retries alone could turn into a livelock.
        ReentrantLock lock = locks.lockFor(name);
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException(null, endpoint, e);
        }
        try {
            changeLocked(zone, name, record, add);
        } finally {
            lock.unlock();
        }
    }

    private void changeLocked(String zone, String name, DnsRecord record, boolean add) throws AcmeException {
        String quoted = "\"" + record.value() + "\"";
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<ResourceRecordSet> current = txtSet(zone, name);
            List<String> values = new ArrayList<>();
            current.ifPresent(set -> set.resourceRecords().forEach(r -> values.add(r.value())));
            if (values.contains(quoted) == add) {
                return;
            }
            List<String> changed = new ArrayList<>(values);
            if (add) {
                changed.add(quoted);
            } else {
                changed.remove(quoted);
            }
            List<Change> changes = new ArrayList<>();
            // Deleting the exact set read makes the batch fail if anyone changed it since: a compare-and-set.
            current.ifPresent(set -> changes.add(Change.builder().action(ChangeAction.DELETE).resourceRecordSet(set).build()));
            if (!changed.isEmpty()) {
                changes.add(Change.builder().action(ChangeAction.CREATE).resourceRecordSet(ResourceRecordSet.builder()
                        .name(name + ".").type(RRType.TXT).ttl(ttl)
                        .resourceRecords(changed.stream().map(v -> ResourceRecord.builder().value(v).build()).toList())
                        .build()).build());
            }
            String changeId;
            try {
                changeId = call("POST", "hostedzone/" + zone + "/rrset", () -> client.changeResourceRecordSets(r -> r
                        .hostedZoneId(zone)
                        .changeBatch(b -> b.comment("certwright dns-01").changes(changes)))).changeInfo().id();
            } catch (ConcurrentChange e) {
                LOG.info("The TXT record set at {} changed under a concurrent writer; redoing ({} of {})", name,
                        attempt, MAX_ATTEMPTS);
                continue;
            }
            awaitInSync(changeId);
            return;
        }
        throw new ProvisioningException(SERVICE + ": the TXT record set at " + name + " kept being changed by another"
                + " writer; gave up after " + MAX_ATTEMPTS + " attempts");
    }

    private Optional<ResourceRecordSet> txtSet(String zone, String name) throws AcmeException {
        List<ResourceRecordSet> sets = call("GET", "hostedzone/" + zone + "/rrset", () -> client.listResourceRecordSets(r -> r
                .hostedZoneId(zone).startRecordName(name + ".").startRecordType(RRType.TXT).maxItems("1")))
                .resourceRecordSets();
        return sets.stream().filter(s -> normalize(s.name()).equals(name) && s.type() == RRType.TXT).findFirst();
    }

    /** Waits until Route 53 reports the change on every one of its servers. */
    private void awaitInSync(String changeId) throws AcmeException {
        String id = changeId.substring(changeId.lastIndexOf('/') + 1);
        Instant deadline = Instant.now().plus(propagationTimeout);
        while (true) {
            ChangeStatus status = call("GET", "change/" + id, () -> client.getChange(r -> r.id(id))).changeInfo().status();
            if (status == ChangeStatus.INSYNC) {
                return;
            }
            if (Instant.now().plus(pollInterval).isAfter(deadline)) {
                throw new ProvisioningException(SERVICE + ": change " + id + " was still " + status + " after "
                        + propagationTimeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AcmeInterruptedException("GET", endpoint.resolve("2013-04-01/change/" + id), e);
            }
        }
    }

    private String zoneFor(String name) throws AcmeException {
        if (hostedZoneId.isPresent()) {
            return hostedZoneId.get();
        }
        String cached = zoneIds.get(name);
        if (cached != null) {
            return cached;
        }
        List<HostedZone> zones = call("GET", "hostedzone", () -> client.listHostedZonesPaginator().hostedZones()
                .stream().toList());
        HostedZone best = null;
        for (HostedZone zone : zones) {
            String zoneName = normalize(zone.name());
            if ((name.equals(zoneName) || name.endsWith("." + zoneName))
                    && (best == null || zoneName.length() > normalize(best.name()).length())) {
                best = zone;
            }
        }
        if (best == null) {
            throw new ProvisioningException(SERVICE + ": none of the " + zones.size()
                    + " hosted zones the credentials can list holds " + name);
        }
        String id = best.id().substring(best.id().lastIndexOf('/') + 1);
        zoneIds.put(name, id);
        return id;
    }

    /** A concurrent writer changed the record set between the read and the batch. */
    private static final class ConcurrentChange extends AcmeException {
        private static final long serialVersionUID = 1L;

        ConcurrentChange(Throwable cause) {
            super("concurrent change", cause);
        }
    }

    private <T> T call(String method, String path, Supplier<T> call) throws AcmeException {
        URI url = endpoint.resolve("2013-04-01/" + path);
        try {
            return call.get();
        } catch (InvalidChangeBatchException e) {
            if ("POST".equals(method)) {
                throw new ConcurrentChange(e);
            }
            throw failure(method, url, e);
        } catch (AwsServiceException e) {
            if ("POST".equals(method) && e.awsErrorDetails() != null
                    && "InvalidChangeBatch".equals(e.awsErrorDetails().errorCode())) {
                throw new ConcurrentChange(e);
            }
            throw failure(method, url, e);
        } catch (SdkException e) {
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AcmeInterruptedException(method, url, new InterruptedException(e.getMessage()));
            }
            throw new DnsApiException(SERVICE, method, url, -1, null, e);
        }
    }

    private static DnsApiException failure(String method, URI url, AwsServiceException e) {
        String message = e.awsErrorDetails() == null ? e.getMessage()
                : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
        return new DnsApiException(SERVICE, method, url, e.statusCode(), message, e);
    }

    private static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** Closes the SDK client and its connections. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "Route53DnsProvider[endpoint=" + endpoint + hostedZoneId.map(z -> ", hostedZoneId=" + z).orElse("") + "]";
    }

    /** Configures a {@link Route53DnsProvider}. */
    public static final class Builder {
        private AwsCredentialsProvider credentials;
        private Optional<URI> endpoint = Optional.empty();
        private Optional<String> hostedZoneId = Optional.empty();
        private Duration ttl = DEFAULT_TTL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration propagationTimeout = DEFAULT_PROPAGATION_TIMEOUT;
        private Duration pollInterval = Duration.ofSeconds(2);

        private Builder() {
        }

        /**
         * The credentials, instead of the SDK's default chain.
         *
         * @param credentials the credentials provider
         * @return this builder
         */
        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * Another endpoint (a local Route 53 such as moto's server, a VPC endpoint).
         *
         * @param endpoint the endpoint URL
         * @return this builder
         */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Optional.of(Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /**
         * The hosted zone every record goes in; then {@code ListHostedZones} is not needed.
         *
         * @param hostedZoneId the id, such as {@code Z1D633PJN98FT9} (a {@code /hostedzone/} prefix is dropped)
         * @return this builder
         */
        public Builder hostedZoneId(String hostedZoneId) {
            String id = Objects.requireNonNull(hostedZoneId, "hostedZoneId").strip();
            this.hostedZoneId = Optional.of(id.substring(id.lastIndexOf('/') + 1));
            return this;
        }

        /**
         * The TTL of the TXT record sets written.
         *
         * @param ttl at least one second; {@link #DEFAULT_TTL} by default
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            this.ttl = Durations.atLeastASecond(ttl, "ttl");
            return this;
        }

        /**
         * The deadline of each API call, retries included.
         *
         * @param timeout at least one second; {@link #DEFAULT_TIMEOUT} by default
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.atLeastASecond(timeout, "timeout");
            return this;
        }

        /**
         * The longest wait for a change to become {@code INSYNC}.
         *
         * @param timeout at least one second; {@link #DEFAULT_PROPAGATION_TIMEOUT} by default
         * @return this builder
         */
        public Builder propagationTimeout(Duration timeout) {
            this.propagationTimeout = Durations.atLeastASecond(timeout, "propagationTimeout");
            return this;
        }

        /**
         * How often {@code GetChange} is asked.
         *
         * @param interval positive; 2 s by default
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive: " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /**
         * The provider; close it when done to release the SDK client's connections.
         *
         * @return the provider
         */
        public Route53DnsProvider build() {
            return new Route53DnsProvider(this);
        }

    }
}
