package org.certwright.acme.issuance;

import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.certwright.acme.Authorization;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.Dialect;
import org.certwright.acme.DraftFields;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewOrder;
import org.certwright.acme.Order;
import org.certwright.acme.Session;
import org.certwright.acme.Status;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.internal.protocol.OrderCheck;
import org.certwright.acme.internal.protocol.StatusText;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.AllChallengesFailedException;
import org.certwright.acme.problem.IssuanceDeadlineException;
import org.certwright.acme.problem.NoSuitableChallengeException;
import org.certwright.acme.problem.OrderNotReadyException;
import org.certwright.acme.problem.Problem;
import org.certwright.acme.problem.ProblemContext;
import org.certwright.acme.problem.ProblemType;
import org.certwright.acme.problem.ValidationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains a certificate in one call: places the order, satisfies every pending authorization
 * concurrently with the configured {@link ChallengeResponder}s, finalizes, downloads and checks
 * that the certificate is for the key and names that were asked for.
 *
 * <pre>{@code
 * IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
 *         .dns("example.com")
 *         .responders(new EmbeddedHttpResponder(80))
 *         .build());
 * }</pre>
 *
 * <p>For each authorization the flow picks the first challenge type in the caller's preference
 * that the CA offers and a responder supports; authorizations that are already valid are skipped.
 * Where an authorization lists {@code combinations} (the draft dialect), the flow completes one
 * whole combination whose every challenge a responder supports, preferring the combination whose
 * least preferred type comes earliest in the caller's preference.
 * All challenges of an order are provisioned, then awaited until the CA can see them (DNS
 * propagation), then answered; provisions are always removed afterwards. If validation fails with
 * one type and another is allowed, the flow places a fresh order and uses the next type.
 *
 * <p>Thread-safe; one issuer can run many issuances at once on its session.
 */
public final class CertificateIssuer {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateIssuer.class);
    /** The most threads the default pool runs, for all issuers of the JVM together. */
    private static final int DEFAULT_THREADS = 64;
    /**
     * The default pool: bounded, its idle threads ended after a minute. Work beyond its threads
     * waits in its queue, which an issuance tolerates: a step that has not started is done by the
     * issuing thread itself.
     */
    private static final Executor DEFAULT_EXECUTOR = defaultExecutor();

    private final Session session;
    private final Executor executor;
    private volatile List<ChallengeResponder> discovered;

    /**
     * An issuer on a session, using a shared pool of at most 64 daemon threads for the concurrent
     * steps of every issuer in the JVM; each issuance uses at most
     * {@link IssuanceRequest#concurrency()} of them at once.
     */
    public CertificateIssuer(Session session) {
        this(session, DEFAULT_EXECUTOR);
    }

    /**
     * An issuer on a session, running concurrent steps and {@link #issueAsync} on {@code executor}.
     * Any executor will do, bounded or not, even one that runs tasks on the submitting thread:
     * an issuance never has more than {@link IssuanceRequest#concurrency()} steps running at once,
     * and the thread that runs an issuance works on its steps itself, so an issuance never waits
     * for a pool thread that a saturated executor does not give it.
     *
     * @since 0.2.0 (before, an {@code ExecutorService})
     */
    public CertificateIssuer(Session session, Executor executor) {
        this.session = Objects.requireNonNull(session, "session");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Obtains a certificate.
     *
     * <p>Whatever happens (a failure, an unchecked exception from a responder, a listener or a
     * provision, an interrupt, the {@linkplain IssuanceRequest#deadline() deadline}), every
     * provision made is removed exactly once and no step of this issuance is still running when
     * this returns. What third-party code throws reaches the caller as a typed
     * {@link AcmeException} with the original as its cause.
     *
     * @throws NoSuitableChallengeException if no responder can satisfy any offered challenge
     * @throws AllChallengesFailedException if validation failed with every allowed type
     * @throws org.certwright.acme.problem.CertificateMismatchException if the CA issued something
     *         other than what was asked for
     * @throws org.certwright.acme.problem.AcmeProtocolException if the CA's order is for other
     *         identifiers than requested, or lists more or other authorizations than it has
     *         identifiers (nothing is answered then)
     * @throws org.certwright.acme.challenge.ProvisioningException if a responder or provision
     *         failed, or threw something unchecked (then its cause), and no other challenge type
     *         was left
     * @throws IssuanceDeadlineException if the request's deadline passed
     * @throws AcmeInterruptedException if the calling thread was interrupted (its interrupt status
     *         is set again)
     * @throws AcmeException for any other failure, typed as the session reports it
     */
    public IssuedCertificate issue(IssuanceRequest request) throws AcmeException {
        Objects.requireNonNull(request, "request");
        Watchdog watchdog = Watchdog.start(request.deadline());
        IssuedCertificate issued;
        try {
            issued = run(request, watchdog);
        } catch (Throwable e) {
            if (watchdog.stop() && !(e instanceof VirtualMachineError)) {
                throw new IssuanceDeadlineException(request.deadline().orElseThrow(), e);
            }
            throw e;
        }
        watchdog.stop(); // had it fired just now, the work finished anyway: keep the certificate
        return issued;
    }

    /**
     * Obtains a certificate without blocking the caller: runs {@link #issue} on this issuer's
     * executor. {@code cancel(true)} on the returned future interrupts the issuance, which then
     * stops everything in flight and removes its provisions, on the executor's thread, shortly
     * after the future says it was cancelled. {@code cancel(false)} stops it only if it has not
     * started. Otherwise the future completes with what {@link #issue} returns or throws.
     * Completing the future by other means ({@code complete}, {@code orTimeout}) does not stop the
     * work; use {@code cancel(true)} or {@link IssuanceRequest.Builder#deadline}.
     *
     * @param request what to obtain
     * @return the certificate, when it is issued
     * @since 0.2.0
     */
    public CompletableFuture<IssuedCertificate> issueAsync(IssuanceRequest request) {
        Objects.requireNonNull(request, "request");
        AsyncIssuance future = new AsyncIssuance();
        try {
            executor.execute(() -> future.run(() -> issue(request)));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new AcmeException("the issuer's executor refused the issuance: " + e, e));
        }
        return future;
    }

    /** The issuance proper, on the thread that the watchdog interrupts. */
    private IssuedCertificate run(IssuanceRequest request, Watchdog watchdog) throws AcmeException {
        List<ChallengeResponder> responders = request.responders().isEmpty() ? discoveredResponders() : request.responders();
        IssuanceListener listener = new SafeListener(request.listener());
        // The key is made while the CA validates; it is only needed at finalize.
        try (KeyTask key = KeyTask.start(request, executor)) {
            NewOrder newOrder = request.order();
            Map<Identifier, Set<String>> failedTypes = new HashMap<>();
            List<ValidationFailedException> failures = new ArrayList<>();
            while (true) {
                Order order = session.newOrder(newOrder);
                LOG.debug("order {} for {}", order.url(), order.identifiers());
                listener.orderCreated(order);
                List<Authorization> authorizations = Parallel.map(executor, request.concurrency(),
                        order.authorizations(), session::fetch);
                for (Authorization a : authorizations) {
                    OrderCheck.requireAuthorizationOf(order, a);
                }
                List<Plan> plans = plan(authorizations, responders, request, listener, failedTypes, failures);
                List<Attempt> failed = validate(order, plans, responders, request, listener, failedTypes, watchdog);
                if (failed.isEmpty()) {
                    return finish(order, key.csr(), key.keyPair(), request, listener);
                }
                for (Attempt a : failed) {
                    failedTypes.computeIfAbsent(a.plan().identifier(), k -> new HashSet<>()).addAll(a.plan().types());
                    failures.add(a.failure());
                    listener.validationFailed(a.plan().identifier(), a.plan().type(), a.failure());
                }
                for (Attempt a : failed) {
                    if (usableTypes(a.plan().authorization(), responders, request, failedTypes).isEmpty()) {
                        throw new AllChallengesFailedException(failures);
                    }
                }
                LOG.info("validation of {} failed; retrying with a new order and the next challenge type",
                        failed.stream().map(a -> a.plan().identifier() + " by " + a.plan().type()).toList());
            }
        }
    }

    /**
     * How one pending authorization will be satisfied: one challenge (RFC 8555), or every
     * challenge of one of the authorization's {@code combinations} (the draft dialect).
     */
    private record Plan(Authorization authorization, List<Step> steps) {
        Identifier identifier() {
            return authorization.orderedIdentifier();
        }

        /** The types of the plan's challenges, for messages and the listener: {@code http-01}, or {@code a+b}. */
        String type() {
            return String.join("+", types());
        }

        List<String> types() {
            return steps.stream().map(Step::type).toList();
        }
    }

    /** One challenge of a plan and the responder that will provision it. */
    private record Step(ChallengeContext context, ChallengeResponder responder) {
        String type() {
            return context.type();
        }
    }

    /**
     * A plan and what its responders provisioned, whose signals say when the CA has looked.
     */
    private record Provisioned(Plan plan, List<Provision> handles) {

        /**
         * Completes when the CA has looked at every challenge of the plans; empty if a provision
         * cannot tell (or says so by throwing, which is then no reason to fail the issuance).
         */
        static Optional<CompletionStage<Void>> allSeen(List<Provisioned> plans) {
            List<CompletableFuture<?>> signals = new ArrayList<>();
            for (Provisioned p : plans) {
                for (Provision h : p.handles()) {
                    Optional<CompletionStage<Void>> seen = ThirdParty.validationSeen(h);
                    if (seen.isEmpty()) {
                        return Optional.empty();
                    }
                    signals.add(seen.get().toCompletableFuture());
                }
            }
            return Optional.of(CompletableFuture.allOf(signals.toArray(CompletableFuture[]::new)));
        }
    }

    /** A failed validation. */
    private record Attempt(Plan plan, ValidationFailedException failure) {
    }

    private List<Plan> plan(List<Authorization> authorizations, List<ChallengeResponder> responders,
                            IssuanceRequest request, IssuanceListener listener,
                            Map<Identifier, Set<String>> failedTypes, List<ValidationFailedException> failures)
            throws AcmeException {
        List<Plan> plans = new ArrayList<>();
        for (Authorization authz : authorizations) {
            Identifier id = authz.orderedIdentifier();
            if (authz.status() == Status.VALID) {
                LOG.debug("{}: authorization already valid", id);
                listener.validated(id, "", true);
                continue;
            }
            if (authz.status() != Status.PENDING) {
                throw ValidationFailedException.of(Problem.of(ProblemType.OTHER, "the authorization for " + id + " is "
                        + StatusText.of(authz.status(), authz.otherFields()) + ", not pending"),
                        ProblemContext.of(session.dialect().readMethod(), authz.url(), 200));
            }
            Optional<Plan> plan = choose(authz, responders, request, failedTypes.getOrDefault(id, Set.of()));
            if (plan.isEmpty()) {
                if (!failures.isEmpty()) {
                    throw new AllChallengesFailedException(failures);
                }
                throw new NoSuitableChallengeException(id, authz.challenges().stream().map(Challenge::type).toList(),
                        usableTypes(authz, responders, request, Map.of()));
            }
            plans.add(plan.get());
        }
        return plans;
    }

    /** The most preferred plan for an authorization that avoids the excluded types. */
    private Optional<Plan> choose(Authorization authz, List<ChallengeResponder> responders, IssuanceRequest request,
                                  Set<String> excluded) throws AcmeException {
        if (DraftFields.combinations(authz).isEmpty()) {
            // Any one challenge: the first type in the caller's preference that a responder supports.
            for (String type : request.challengeTypes()) {
                if (excluded.contains(type)) {
                    continue;
                }
                Optional<Challenge> challenge = authz.challenge(type);
                if (challenge.isPresent()) {
                    Optional<Step> step = step(authz, challenge.get(), responders);
                    if (step.isPresent()) {
                        return Optional.of(new Plan(authz, List.of(step.get())));
                    }
                }
            }
            return Optional.empty();
        }
        // One whole combination: among those whose every challenge is allowed and supported, the one
        // whose least preferred type is most preferred (the CA's order breaks ties).
        Plan best = null;
        int bestRank = Integer.MAX_VALUE;
        for (List<Integer> combination : DraftFields.combinations(authz)) {
            Optional<Plan> plan = combinationPlan(authz, combination, responders, request, excluded);
            if (plan.isPresent()) {
                int rank = plan.get().types().stream().mapToInt(request.challengeTypes()::indexOf).max().orElse(0);
                if (rank < bestRank) {
                    best = plan.get();
                    bestRank = rank;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private Optional<Plan> combinationPlan(Authorization authz, List<Integer> combination,
                                           List<ChallengeResponder> responders, IssuanceRequest request,
                                           Set<String> excluded) throws AcmeException {
        List<Step> steps = new ArrayList<>();
        for (int index : combination) {
            Challenge challenge = authz.challenges().get(index);
            if (excluded.contains(challenge.type()) || !request.challengeTypes().contains(challenge.type())) {
                return Optional.empty();
            }
            Optional<Step> step = step(authz, challenge, responders);
            if (step.isEmpty()) {
                return Optional.empty();
            }
            steps.add(step.get());
        }
        return steps.isEmpty() ? Optional.empty() : Optional.of(new Plan(authz, steps));
    }

    /** The challenge with the first responder that supports it. */
    private Optional<Step> step(Authorization authz, Challenge challenge, List<ChallengeResponder> responders)
            throws AcmeException {
        ChallengeContext context = session.challengeContext(authz, challenge);
        for (ChallengeResponder responder : responders) {
            if (ThirdParty.challengeTypes(responder).contains(challenge.type())
                    && ThirdParty.supports(responder, context)) {
                return Optional.of(new Step(context, responder));
            }
        }
        return Optional.empty();
    }

    /** The types of every plan the authorization still allows. */
    private Set<String> usableTypes(Authorization authz, List<ChallengeResponder> responders, IssuanceRequest request,
                                    Map<Identifier, Set<String>> failedTypes) throws AcmeException {
        Set<String> usable = new LinkedHashSet<>();
        Set<String> excluded = new HashSet<>(failedTypes.getOrDefault(authz.orderedIdentifier(), Set.of()));
        for (Optional<Plan> plan = choose(authz, responders, request, excluded); plan.isPresent();
                plan = choose(authz, responders, request, excluded)) {
            usable.addAll(plan.get().types());
            excluded.addAll(plan.get().types());
        }
        return usable;
    }

    /**
     * Provisions every plan, waits until all are visible, answers them and waits for the CA; always
     * removes the provisions. Returns the failed validations.
     */
    private List<Attempt> validate(Order order, List<Plan> planned, List<ChallengeResponder> responders,
                                   IssuanceRequest request, IssuanceListener listener,
                                   Map<Identifier, Set<String>> failedTypes, Watchdog watchdog) throws AcmeException {
        if (planned.isEmpty()) {
            return List.of();
        }
        Provisions provisions = new Provisions();
        Throwable error = null;
        List<Attempt> failed = new ArrayList<>();
        try {
            List<Provisioned> plans = Parallel.map(executor, request.concurrency(), planned, p -> provision(p,
                    responders, request, listener, failedTypes.getOrDefault(p.identifier(), Set.of()), provisions));
            Duration readiness = watchdog.cap(request.readinessTimeout());
            Parallel.map(executor, request.concurrency(), provisions.list(), h -> {
                ThirdParty.awaitReady(h, readiness);
                return h;
            });
            List<Answered> answers = Parallel.map(executor, request.concurrency(), plans, this::answer);
            answers.forEach(a -> a.failure().ifPresent(failed::add));
            List<Provisioned> waiting = answers.stream().filter(Answered::waiting).map(Answered::provisioned).toList();
            List<Provisioned> undecided = failed.isEmpty() ? lookAtOrder(order, waiting) : waiting;
            List<Optional<Attempt>> outcomes = Parallel.map(executor, request.concurrency(), undecided,
                    p -> await(p.plan()));
            outcomes.forEach(o -> o.ifPresent(failed::add));
            for (Answered a : answers) {
                if (a.failure().isEmpty() && failed.stream().noneMatch(f -> f.plan() == a.provisioned().plan())) {
                    LOG.debug("{}: validated by {}", a.provisioned().plan().identifier(), a.provisioned().plan().type());
                    listener.validated(a.provisioned().plan().identifier(), a.provisioned().plan().type(), false);
                }
            }
        } catch (Throwable e) {
            error = e;
            throw e;
        } finally {
            // A clean-up error goes with the failure the caller may see: the exception, or else the
            // first failed validation (carried by AllChallengesFailedException if no retry succeeds).
            AcmeException report = error instanceof AcmeException ae ? ae
                    : error == null && !failed.isEmpty() ? failed.get(0).failure() : null;
            provisions.closeAll(report);
        }
        return failed;
    }

    /**
     * Looks at the order once, when the CA has looked at every answered challenge (or the fallback
     * timer says so): an order that is no longer pending needs no look at its authorizations, which
     * makes an N-name certificate 2N + 5 requests. Returns the plans still undecided: none, or all
     * of them if the order is still pending or became invalid, which are then awaited one by one
     * (that names the failed one with its error, and answers again a challenge the CA left pending
     * with a passing error). The draft dialect has no order to look at.
     */
    private List<Provisioned> lookAtOrder(Order order, List<Provisioned> waiting) throws AcmeException {
        if (waiting.isEmpty() || session.dialect() != Dialect.RFC8555) {
            return waiting;
        }
        Order looked = session.lookAfterValidation(order, Provisioned.allSeen(waiting));
        if (looked.status() == Status.READY || looked.status() == Status.PROCESSING
                || looked.status() == Status.VALID) {
            return List.of();
        }
        LOG.debug("order {} is {} after validation; looking at its authorizations", order.url(),
                StatusText.of(looked.status(), looked.otherFields()));
        return waiting;
    }

    /**
     * Provisions a plan; if a responder cannot (a port it cannot bind, a DNS API that refuses, an
     * unchecked exception), removes what the plan provisioned so far and tries the next plan
     * without that type for the same authorization. Nothing has been sent to the CA yet, so no new
     * order is needed for that.
     *
     * @return the plan that was provisioned, with its provisions
     */
    private Provisioned provision(Plan plan, List<ChallengeResponder> responders, IssuanceRequest request,
                           IssuanceListener listener, Set<String> excluded, Provisions provisions)
            throws AcmeException {
        Set<String> tried = new HashSet<>(excluded);
        Plan current = plan;
        while (true) {
            Optional<Step> failing = Optional.empty();
            Provisions ofPlan = new Provisions();
            try {
                for (Step step : current.steps()) {
                    failing = Optional.of(step);
                    ofPlan.add(ThirdParty.provision(step.responder(), step.context()));
                    LOG.debug("{}: provisioned {}", current.identifier(), step.type());
                    listener.challengeProvisioned(step.context());
                }
            } catch (AcmeInterruptedException e) {
                ofPlan.closeAll(e);
                throw e;
            } catch (AcmeException e) {
                ofPlan.closeAll(e);
                String type = failing.map(Step::type).orElse(current.type());
                tried.add(type);
                Optional<Plan> next = choose(current.authorization(), responders, request, tried);
                if (next.isEmpty()) {
                    throw e;
                }
                LOG.info("{}: cannot provision {} ({}); using {} instead", current.identifier(), type,
                        e.getMessage(), next.get().type());
                current = next.get();
                continue;
            } catch (RuntimeException | Error e) {
                ofPlan.closeAll(null);
                throw e;
            }
            Provisioned done = new Provisioned(current, ofPlan.list());
            ofPlan.moveTo(provisions);
            return done;
        }
    }

    /** What answering a plan's challenges gave: a failure, a validation already done, or a wait. */
    private record Answered(Provisioned provisioned, Optional<Attempt> failure, boolean valid) {
        boolean waiting() {
            return failure.isEmpty() && !valid;
        }
    }

    /** Answers every challenge of a plan. */
    private Answered answer(Provisioned provisioned) throws AcmeException {
        Plan p = provisioned.plan();
        try {
            boolean allValid = true;
            for (Step step : p.steps()) {
                Challenge answered = session.respond(step.context());
                if (answered.status() == Status.INVALID) {
                    // The CA may validate before it answers; say what failed as awaiting would.
                    Problem problem = answered.error().orElse(Problem.of(ProblemType.OTHER, "challenge rejected"));
                    throw ValidationFailedException.of(p.identifier(), Optional.of(answered.type()), problem,
                            ProblemContext.of("POST", answered.url(), 200));
                }
                allValid &= answered.status() == Status.VALID;
            }
            return new Answered(provisioned, Optional.empty(), allValid);
        } catch (ValidationFailedException e) {
            LOG.debug("{}: {} failed: {}", p.identifier(), p.type(), e.getMessage());
            return new Answered(provisioned, Optional.of(new Attempt(p, e)), false);
        }
    }

    /** Waits for the authorization of an answered plan. */
    private Optional<Attempt> await(Plan p) throws AcmeException {
        try {
            session.awaitAuthorization(p.authorization());
            return Optional.empty();
        } catch (ValidationFailedException e) {
            LOG.debug("{}: {} failed: {}", p.identifier(), p.type(), e.getMessage());
            return Optional.of(new Attempt(p, e));
        }
    }

    private IssuedCertificate finish(Order order, Csr csr, Optional<KeyPair> key, IssuanceRequest request,
                                     IssuanceListener listener) throws AcmeException {
        Order finalized;
        try {
            finalized = session.finalize(order, csr);
        } catch (OrderNotReadyException e) {
            // The CA may take a moment to notice the last authorization; wait for "ready" once.
            finalized = session.finalize(session.awaitOrder(order), csr);
        }
        listener.finalized(finalized);
        if (finalized.status() != Status.VALID) {
            finalized = session.awaitOrder(finalized);
        }
        Certificate certificate = request.preferredChain().isPresent()
                ? session.downloadCertificate(finalized, request.preferredChain().get(), listener::alternateChainFailed)
                : session.downloadCertificate(finalized);
        certificate.verify(csr.publicKey(), request.identifiers());
        LOG.debug("certificate {} for {} issued", certificate.url(), request.identifiers());
        listener.downloaded(certificate);
        return new IssuedCertificate(certificate, key);
    }

    private static Executor defaultExecutor() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(DEFAULT_THREADS, DEFAULT_THREADS, 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "certwright-issuance-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The responders found with ServiceLoader, looked up once per issuer. */
    private List<ChallengeResponder> discoveredResponders() throws AcmeException {
        List<ChallengeResponder> found = discovered;
        if (found == null) {
            List<ChallengeResponder> loaded = new ArrayList<>();
            ServiceLoader.load(ChallengeResponder.class).forEach(loaded::add);
            found = List.copyOf(loaded);
            discovered = found;
        }
        if (found.isEmpty()) {
            throw new AcmeException("no challenge responders were given and none were found with ServiceLoader");
        }
        return found;
    }
}
