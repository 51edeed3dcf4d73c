package org.certwright.acme;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.internal.SafeEventListener;
import org.certwright.acme.internal.Version;
import org.certwright.acme.internal.http.HttpTransport;
import org.certwright.acme.internal.http.NoncePool;
import org.certwright.acme.internal.protocol.AccountState;
import org.certwright.acme.internal.protocol.DirectoryCache;
import org.certwright.acme.internal.protocol.Protocol;
import org.certwright.acme.internal.protocol.RequestSender;
import org.certwright.acme.internal.protocol.Rfc8555Protocol;
import org.certwright.acme.internal.protocol.draft.DraftProtocol;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.NotSupportedByServerException;

/**
 * The connection to one ACME CA, shared by every account that uses it: the HTTP client and its
 * connections, the nonce pool, the cached directory, and the TLS, proxy, timeout, retry and poll
 * settings. A {@link Session} is one account on a client; sessions are cheap, so an application
 * that manages many accounts, or talks to several CAs, keeps one client per CA and asks it for a
 * session per account.
 *
 * <pre>{@code
 * AcmeClient letsEncrypt = AcmeClient.builder(URI.create("https://acme-v02.api.letsencrypt.org/directory"))
 *         .userAgent("myapp/2.1")
 *         .build();
 * Session alice = letsEncrypt.session(AccountKey.of(aliceKeys));
 * Session bob = letsEncrypt.session(AccountKey.of(bobKeys), bobAccountUrl);
 * }</pre>
 *
 * <p>For the common case of one account, {@link Session#builder(URI, AccountKey)} builds a client
 * and its session in one go.
 *
 * <p>Thread-safe and immutable. Sessions of one client share its connections, nonces and
 * directory; nothing is locked across network I/O.
 *
 * @since 0.2.0
 */
public final class AcmeClient {

    private final URI serverUrl;
    private final Dialect dialect;
    private final HttpTransport transport;
    private final RequestSender sender;
    private final DirectoryCache directories;
    private final PollPolicy pollPolicy;
    private final Clock clock;
    private final AcmeEventListener events;

    private AcmeClient(Builder b, HttpClient client) {
        this.serverUrl = b.serverUrl;
        this.dialect = b.dialect;
        this.pollPolicy = b.pollPolicy;
        this.clock = b.clock;
        this.events = SafeEventListener.wrap(b.eventListener);
        NoncePool nonces = new NoncePool(64);
        this.transport = new HttpTransport(new HttpTransport.Config(client, userAgent(b.userAgent),
                Optional.ofNullable(b.acceptLanguage).map(Locale::toLanguageTag), b.requestTimeout, b.maxResponseBytes,
                100, b.allowInsecureLoopback, b.clock, events), nonces);
        if (b.dialect == Dialect.DRAFT_BARNES_ACME) {
            this.sender = new RequestSender(transport, nonces, b.retryPolicy, () -> {
                throw new NotSupportedByServerException("draft-barnes-acme has no nonces");
            });
            this.directories = null;
        } else {
            // The sender asks the directory for newNonce, and the directory is fetched through the
            // sender; the holder breaks the cycle.
            DirectoryCache[] holder = new DirectoryCache[1];
            this.sender = new RequestSender(transport, nonces, b.retryPolicy, () -> holder[0].directory().newNonce()
                    .orElseThrow(() -> new NotSupportedByServerException("the directory has no newNonce endpoint")));
            this.directories = new DirectoryCache(b.serverUrl, sender, b.clock, b.directoryRefreshInterval);
            holder[0] = directories;
        }
    }

    /**
     * A builder for a client of the CA at {@code directoryUrl}. For
     * {@link Dialect#DRAFT_BARNES_ACME} the URL is the CA's {@code new-reg} URL.
     */
    public static Builder builder(URI directoryUrl) {
        return new Builder(directoryUrl);
    }

    /**
     * A builder for a client of a well-known CA: {@code AcmeClient.builder(CaPreset.LETS_ENCRYPT)}.
     *
     * @since 0.2.0
     */
    public static Builder builder(CaPreset ca) {
        return new Builder(ca.directoryUrl());
    }

    /**
     * A session for the account of {@code accountKey}. Its account URL is looked up from the CA
     * (by key) the first time an operation needs it, or learned when the account is registered.
     */
    public Session session(AccountKey accountKey) {
        return new Session(this, new AccountState(Objects.requireNonNull(accountKey, "accountKey"), Optional.empty()));
    }

    /**
     * A session for the account at {@code accountUrl}, signing with {@code accountKey}: no look-up
     * is needed. In the draft dialect, the registration URL, which it cannot look up.
     */
    public Session session(AccountKey accountKey, URI accountUrl) {
        return new Session(this, new AccountState(Objects.requireNonNull(accountKey, "accountKey"),
                Optional.of(Objects.requireNonNull(accountUrl, "accountUrl"))));
    }

    /** The URL the client was built with: the CA's directory, or the draft dialect's {@code new-reg}. */
    public URI serverUrl() {
        return serverUrl;
    }

    /** The wire format this client speaks. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * The CA's directory, fetched on first use and cached for every session of this client.
     *
     * @throws NotSupportedByServerException in the draft dialect, which has no directory (a
     *         session returns what it has learned instead: {@link Session#directory()})
     * @throws AcmeException if it cannot be fetched
     */
    public Directory directory() throws AcmeException {
        if (directories == null) {
            throw new NotSupportedByServerException("draft-barnes-acme has no directory");
        }
        return directories.directory();
    }

    /** What this client has sent so far, for all its sessions. */
    public SessionStatistics statistics() {
        return new SessionStatistics(transport.requestCount(), sender.nonceRequests(), sender.badNonceRetries(),
                sender.otherRetries());
    }

    /** The protocol for one account of this client. */
    Protocol protocol(AccountState account) {
        return directories == null ? new DraftProtocol(serverUrl, sender, account)
                : new Rfc8555Protocol(directories, sender, account);
    }

    /** A poller with the client's policy. */
    Poller poller() {
        return new Poller(pollPolicy, clock, events);
    }

    @Override
    public String toString() {
        return "AcmeClient[" + serverUrl + (dialect == Dialect.RFC8555 ? "" : ", " + dialect) + "]";
    }

    private static String userAgent(String product) {
        String ours = "Certwright/" + Version.VERSION + " (Java/" + System.getProperty("java.version") + "; "
                + System.getProperty("os.name") + ")";
        return product == null ? ours : product + " " + ours;
    }

    /**
     * Builds an {@link AcmeClient}. Either give an {@link HttpClient} or let the builder make one
     * from the TLS, proxy and connect-timeout settings; not both.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private final URI serverUrl;
        private HttpClient httpClient;
        private SSLContext sslContext;
        private ProxySelector proxy;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private String userAgent;
        private Locale acceptLanguage;
        private Clock clock = Clock.systemUTC();
        private PollPolicy pollPolicy = PollPolicy.DEFAULT;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Duration directoryRefreshInterval = Duration.ofHours(1);
        private Dialect dialect = Dialect.RFC8555;
        private long maxResponseBytes = 1 << 20;
        private boolean allowInsecureLoopback;
        private boolean clientSettingsGiven;
        private AcmeEventListener eventListener = AcmeEventListener.NONE;

        private Builder(URI serverUrl) {
            this.serverUrl = Objects.requireNonNull(serverUrl, "directoryUrl");
        }

        /**
         * The wire format (default {@link Dialect#RFC8555}). With
         * {@link Dialect#DRAFT_BARNES_ACME} the builder's URL is the CA's {@code new-reg} URL. The
         * draft has no replay protection, so it is never chosen unless asked for here.
         */
        public Builder dialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * The HTTP client to use, with its own TLS, proxy and connect-timeout settings.
         *
         * <p>The client must not follow redirects ({@link HttpClient.Redirect#NEVER}, which is
         * what {@link HttpClient#newBuilder()} gives unless told otherwise): a client that followed
         * them would fetch the target before the session could check it against its URL policy
         * (HTTPS only), and ACME has no use for redirects. The session refuses any response that
         * came through a redirect all the same.
         *
         * @throws IllegalArgumentException if the client follows redirects
         */
        public Builder httpClient(HttpClient client) {
            Objects.requireNonNull(client, "client");
            if (client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("the HttpClient follows redirects (Redirect."
                        + client.followRedirects() + "); build it with followRedirects(HttpClient.Redirect.NEVER), "
                        + "since redirects would bypass the session's HTTPS-only URL check");
            }
            this.httpClient = client;
            return this;
        }

        /** The TLS context for connections to the CA (for a private CA's trust anchors). */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            clientSettingsGiven = true;
            return this;
        }

        /** Trusts exactly these certificates for connections to the CA (a private or test CA). */
        public Builder trustedCertificates(List<X509Certificate> anchors) {
            try {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (X509Certificate c : anchors) {
                    store.setCertificateEntry("anchor-" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), null);
                return sslContext(context);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException("cannot build a trust store: " + e.getMessage(), e);
            }
        }

        /** Trusts exactly the certificates in a PEM file for connections to the CA. */
        public Builder trustedCertificates(Path pemFile) throws IOException {
            return trustedCertificates(Pem.readCertificates(Files.readString(pemFile)));
        }

        /** The proxy selector for connections to the CA. */
        public Builder proxy(ProxySelector selector) {
            this.proxy = Objects.requireNonNull(selector, "selector");
            clientSettingsGiven = true;
            return this;
        }

        /**
         * How long to wait for a connection, TCP and TLS handshake together (default 10 s). Its
         * expiry is reported as such, not as a missing response.
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            clientSettingsGiven = true;
            return this;
        }

        /**
         * The longest one exchange with the CA may take, from connecting to the last byte of the
         * response body (default 30 s): a CA that sends its answer slowly is cut off, and the
         * connection closed. Retries get their own timeout each, within the
         * {@link RetryPolicy#retryWindow() retry window}.
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * A product token put before the library's own in {@code User-Agent}, for example
         * {@code "myapp/2.1"} (RFC 8555 §6.1 asks clients to identify themselves).
         */
        public Builder userAgent(String productToken) {
            if (productToken.isBlank() || productToken.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("User-Agent product token is empty or has control characters");
            }
            this.userAgent = productToken;
            return this;
        }

        /** The language for human-readable problem details ({@code Accept-Language}). */
        public Builder acceptLanguage(Locale locale) {
            this.acceptLanguage = Objects.requireNonNull(locale, "locale");
            return this;
        }

        /** The clock for deadlines and {@code Retry-After}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How to poll (default {@link PollPolicy#DEFAULT}). */
        public Builder pollPolicy(PollPolicy policy) {
            this.pollPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** What to retry (default {@link RetryPolicy#DEFAULT}). */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How long the directory is used before it is revalidated, when the CA's
         * {@code Cache-Control} gives no positive {@code max-age} (default one hour).
         */
        public Builder directoryRefreshInterval(Duration interval) {
            this.directoryRefreshInterval = positive(interval, "directoryRefreshInterval");
            return this;
        }

        /** The largest response body accepted (default 1 MiB). */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1024: " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * Allows plain {@code http://} URLs to loopback addresses, for a CA running on the same
         * machine in tests. HTTPS is required otherwise, and TLS certificates are always verified.
         */
        public Builder allowInsecureHttpOnLoopback() {
            this.allowInsecureLoopback = true;
            return this;
        }

        /**
         * Hears every request, retry, nonce fetch, poll and rate limit of the client's sessions
         * (default: none). What it throws is logged and ignored.
         *
         * @since 0.2.0
         */
        public Builder eventListener(AcmeEventListener listener) {
            this.eventListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The client.
         *
         * @throws IllegalStateException if both an {@link HttpClient} and TLS, proxy or
         *         connect-timeout settings were given
         */
        public AcmeClient build() {
            if (httpClient != null && clientSettingsGiven) {
                throw new IllegalStateException("give either an HttpClient or TLS/proxy/connect-timeout settings, not both");
            }
            HttpClient client = httpClient;
            if (client == null) {
                HttpClient.Builder hb = HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(connectTimeout);
                if (sslContext != null) {
                    hb.sslContext(sslContext);
                }
                if (proxy != null) {
                    hb.proxy(proxy);
                }
                client = hb.build();
            }
            return new AcmeClient(this, client);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
