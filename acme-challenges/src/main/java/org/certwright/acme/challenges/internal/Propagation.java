package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Checks that a TXT value is visible at every authoritative server of its name, following a CNAME
 * at the name (delegation of {@code _acme-challenge} to another name or zone), and waits for it
 * with a fixed interval until a deadline. Thread-safe: it keeps no state between calls.
 */
public final class Propagation {

    private static final Logger LOG = LoggerFactory.getLogger(Propagation.class);

    /** Pauses between rounds; a parameter so that tests need not wait. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Pauses.
         *
         * @param duration how long
         * @throws InterruptedException if interrupted
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * The outcome of one round.
     *
     * @param visible whether every authoritative server has the value
     * @param detail  what was seen, for logs and the timeout message
     */
    public record Status(boolean visible, String detail) {
    }

    private final DnsClient client;
    private final ServerLocator locator;
    private final Duration interval;
    private final Clock clock;
    private final Sleeper sleeper;

    /**
     * Creates the check.
     *
     * @param client   how to ask
     * @param locator  where the authoritative servers of a name are
     * @param interval the pause between rounds
     * @param clock    the clock for the deadline
     * @param sleeper  how to pause
     */
    public Propagation(DnsClient client, ServerLocator locator, Duration interval, Clock clock, Sleeper sleeper) {
        this.client = Objects.requireNonNull(client, "client");
        this.locator = Objects.requireNonNull(locator, "locator");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Waits until {@link #check} sees the value everywhere.
     *
     * @param name    the record's name
     * @param value   the TXT value
     * @param timeout how long to wait at most; the first round runs even when it is zero
     * @return the successful round's status
     * @throws PropagationTimeoutException with the last round's detail, if the deadline passes
     * @throws InterruptedException if interrupted while waiting or asking
     */
    public Status await(Name name, String value, Duration timeout)
            throws PropagationTimeoutException, InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        for (int round = 1; ; round++) {
            Status status = check(name, value);
            if (status.visible()) {
                LOG.debug("{}: visible after {} round(s): {}", name, round, status.detail());
                return status;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new PropagationTimeoutException(DnsNames.text(name), timeout, round, status.detail());
            }
            LOG.debug("{}: not visible yet (round {}): {}", name, round, status.detail());
            sleeper.sleep(left.compareTo(interval) < 0 ? left : interval);
        }
    }

    /**
     * One round: asks every authoritative server of the name (of the CNAME target's zone, if the name
     * is an alias) for the TXT records and compares.
     *
     * @param name  the record's name
     * @param value the TXT value
     * @return whether all have it, and what they had
     * @throws InterruptedException if interrupted while asking
     */
    public Status check(Name name, String value) throws InterruptedException {
        Name current = name;
        Set<Name> seen = new LinkedHashSet<>();
        while (seen.add(current)) {
            if (seen.size() > TxtProbe.MAX_ALIASES) {
                return new Status(false, "more than " + TxtProbe.MAX_ALIASES + " CNAMEs from " + DnsNames.text(name));
            }
            List<InetSocketAddress> servers;
            try {
                servers = locator.serversFor(current);
            } catch (InterruptedIOException e) {
                throw interrupted(e);
            } catch (IOException e) {
                return new Status(false, "authoritative servers of " + DnsNames.text(current) + " unknown: "
                        + e.getMessage());
            }
            Map<InetSocketAddress, TxtProbe.Answer> answers = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            for (InetSocketAddress server : servers) {
                try {
                    answers.put(server, TxtProbe.ask(client, server, current));
                } catch (InterruptedIOException e) {
                    throw interrupted(e);
                } catch (IOException e) {
                    failures.add(Queries.address(server) + ": " + e.getMessage());
                }
            }
            if (!failures.isEmpty()) {
                return new Status(false, String.join("; ", failures));
            }
            Set<Name> targets = new LinkedHashSet<>();
            answers.values().forEach(answer -> targets.add(answer.name()));
            if (targets.size() > 1) {
                return new Status(false, "the servers disagree on where " + DnsNames.text(current) + " leads: "
                        + describe(answers));
            }
            if (answers.values().stream().allMatch(answer -> answer.values().contains(value))) {
                return new Status(true, describe(answers));
            }
            Name target = targets.iterator().next();
            if (!target.equals(current) && answers.values().stream().allMatch(answer -> answer.values().isEmpty())) {
                // An alias whose target these servers do not serve: ask the target zone's servers.
                current = target;
                continue;
            }
            return new Status(false, "value not yet at every server: " + describe(answers));
        }
        return new Status(false, "CNAME loop at " + DnsNames.text(current));
    }

    /**
     * Where a record for {@code name} has to be published: at the end of the CNAME chain that starts at
     * {@code name}, as the CA follows it, or at {@code name} itself when it is no alias.
     *
     * @param name the record's name
     * @return the name to publish at
     * @throws IOException if no authoritative server answers, or the chain is too long
     * @throws InterruptedException if interrupted while asking
     */
    public Name publicationName(Name name) throws IOException, InterruptedException {
        Name current = name;
        for (int aliases = 0; aliases <= TxtProbe.MAX_ALIASES; aliases++) {
            Message response;
            try {
                response = Queries.ask(client, locator.serversFor(current), Queries.query(current, Type.CNAME, false));
            } catch (InterruptedIOException e) {
                throw interrupted(e);
            }
            Optional<Name> target = Queries.cnameTarget(response, current);
            if (target.isEmpty()) {
                return current;
            }
            LOG.debug("{} is an alias of {}", current, target.get());
            current = target.get();
        }
        throw new IOException("more than " + TxtProbe.MAX_ALIASES + " CNAMEs from " + DnsNames.text(name));
    }

    private static String describe(Map<InetSocketAddress, TxtProbe.Answer> answers) {
        List<String> parts = new ArrayList<>();
        answers.forEach((server, answer) -> parts.add(Queries.address(server) + " has " + answer.values()
                + " at " + DnsNames.text(answer.name())));
        return String.join("; ", parts);
    }

    private static InterruptedException interrupted(InterruptedIOException e) {
        InterruptedException interrupted = new InterruptedException(e.getMessage());
        interrupted.initCause(e);
        // Thrown as InterruptedException, so the status is reported by the exception instead.
        Thread.interrupted();
        return interrupted;
    }
}
