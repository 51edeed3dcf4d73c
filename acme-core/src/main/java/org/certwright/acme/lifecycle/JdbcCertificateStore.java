package org.certwright.acme.lifecycle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link CertificateStore} in a relational database, reached through any {@link DataSource}, so
 * that several instances of an application — on several hosts — share accounts, keys and
 * certificates and split the renewals between them with the store's locks. Written for
 * <b>PostgreSQL</b> (9.5 or newer); see "Other databases" below.
 *
 * <h2>Schema</h2>
 * The store creates its tables when it is {@linkplain Builder#open() opened} and finds them
 * missing, so the database user needs {@code CREATE} on the schema the first time (or create them
 * beforehand with the statements below). With the default {@linkplain Builder#tablePrefix prefix}
 * {@value #DEFAULT_TABLE_PREFIX}:
 * <pre>
 * certwright_schema_version (id integer primary key check (id = 1), version integer not null)
 * certwright_blob  (name varchar(1024) primary key, content bytea not null)
 * certwright_lease (lock_name varchar(1024) primary key, owner varchar(256) not null,
 *                   token bigint not null, expires_seconds bigint not null,
 *                   expires_nanos integer not null, released boolean not null)
 * </pre>
 * The schema is <b>versioned</b>: the one row of {@code schema_version} holds the version of the
 * layout ({@value #SCHEMA_VERSION} for this release). Opening a database whose version is newer
 * than this class knows — written by a newer Certwright — fails with a {@link StoreException}
 * instead of misreading it; a future release that changes the layout migrates older versions
 * when it opens them. Several instances opening an empty database at once are safe: the one that
 * loses the race to create the tables retries and finds them.
 *
 * <h2>Locks and fencing</h2>
 * A lock is a row of {@code lease}, kept when the lock is released (marked {@code released}) so
 * that its fencing token keeps increasing, across releases and restarts, and is never reset.
 * Taking, renewing and releasing a lock, and every fenced write or delete, is one transaction that
 * first locks the lock's row ({@code SELECT ... FOR UPDATE}, or the insert of a new row), checks
 * the lease and then applies the change: two instances racing for an expired lock are serialized
 * on the row, and the second sees the first's new lease. Lease expiry is judged in Java by this
 * store's {@link Clock}, never by the database's clock ({@code now()} is not used): instances
 * sharing a database need clocks that agree to well within a lease's duration (as with NTP).
 *
 * <h2>Bounded waits</h2>
 * Every transaction sets PostgreSQL's {@code lock_timeout} and {@code statement_timeout} (with
 * {@code SET LOCAL}, which lasts until the end of the transaction) to the
 * {@linkplain Builder#timeout timeout}, every statement gets it as its JDBC query timeout, and
 * the connection's {@linkplain Connection#setNetworkTimeout network timeout} is set to a little
 * more for the duration of the operation (and restored afterwards). A row lock held too long by
 * another instance therefore fails the operation with a {@link StoreException} instead of waiting.
 * Getting a connection from the {@code DataSource} is bounded by its own configuration, which the
 * caller must set: {@code loginTimeout}/{@code connectTimeout} of the PostgreSQL driver's data
 * source, or the pool's maximum wait ({@code connectionTimeout} in HikariCP).
 *
 * <h2>Other databases</h2>
 * The SQL is standard except for three PostgreSQL features another database would need an
 * equivalent of in a port of this class:
 * <ul>
 *   <li><b>upsert</b>: {@code INSERT ... ON CONFLICT (name) DO UPDATE} and
 *       {@code ON CONFLICT DO NOTHING} ({@code MERGE} in SQL:2008 databases, SQL Server and
 *       Oracle; {@code INSERT ... ON DUPLICATE KEY UPDATE} in MySQL and MariaDB);</li>
 *   <li><b>row locks</b>: {@code SELECT ... FOR UPDATE} (MySQL, MariaDB, Oracle, H2 have it;
 *       SQL Server uses {@code WITH (UPDLOCK, ROWLOCK)});</li>
 *   <li><b>lock wait bound</b>: {@code SET LOCAL lock_timeout} ({@code SET SESSION
 *       innodb_lock_wait_timeout} in MySQL, {@code SET LOCK_TIMEOUT} in SQL Server,
 *       {@code FOR UPDATE WAIT n} in Oracle);</li>
 * </ul>
 * plus the {@code bytea} type ({@code BLOB}, {@code VARBINARY(MAX)} or {@code LONGBLOB}
 * elsewhere). Transactions run at READ COMMITTED (whatever the connection's default), where a
 * row lock waited for is followed by a read of the row's newest version.
 *
 * @since 0.2.0
 */
public final class JdbcCertificateStore implements CertificateStore {

    /**
     * The table name prefix unless another is given.
     *
     * @since 0.2.0
     */
    public static final String DEFAULT_TABLE_PREFIX = "certwright_";

    /**
     * How long a statement, a lock wait or a connection's reply may take unless another timeout is given.
     *
     * @since 0.2.0
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The version of the schema this class reads and writes.
     *
     * @since 0.2.0
     */
    public static final int SCHEMA_VERSION = 1;

    /** Lower case, so that PostgreSQL's folding of unquoted names changes nothing; 63 is its identifier limit. */
    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,39}");
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String QUERY_CANCELED = "57014";
    private static final int SCHEMA_ATTEMPTS = 5;

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration timeout;
    private final String prefix;
    private final String versionTable;
    private final String blobTable;
    private final String leaseTable;

    private JdbcCertificateStore(Builder builder) {
        this.dataSource = builder.dataSource;
        this.clock = builder.clock;
        this.timeout = builder.timeout;
        this.prefix = builder.tablePrefix;
        this.versionTable = prefix + "schema_version";
        this.blobTable = prefix + "blob";
        this.leaseTable = prefix + "lease";
    }

    /**
     * Starts configuring a store on a data source.
     *
     * @param dataSource where the tables are; it must bound how long getting a connection may take
     * @return a builder with the system clock, the prefix {@value #DEFAULT_TABLE_PREFIX} and the
     *         timeout {@link #DEFAULT_TIMEOUT}
     * @since 0.2.0
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Opens a store with the defaults: the system clock, the prefix {@value #DEFAULT_TABLE_PREFIX}
     * and the timeout {@link #DEFAULT_TIMEOUT}. Creates the tables if they are missing.
     *
     * @param dataSource where the tables are
     * @return the store
     * @throws StoreException if the database cannot be reached, the tables cannot be created, or
     *                        they hold a schema version newer than {@value #SCHEMA_VERSION}
     * @since 0.2.0
     */
    public static JdbcCertificateStore open(DataSource dataSource) throws StoreException {
        return builder(dataSource).open();
    }

    /**
     * The prefix of this store's table names.
     *
     * @return the prefix
     * @since 0.2.0
     */
    public String tablePrefix() {
        return prefix;
    }

    @Override
    public Optional<byte[]> read(String name) throws StoreException {
        StoreNames.checkName(name);
        return transaction(name, "read", connection -> {
            try (PreparedStatement select = prepare(connection,
                    "SELECT content FROM " + blobTable + " WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    @Override
    public void write(String name, byte[] content) throws StoreException {
        StoreNames.checkName(name);
        Objects.requireNonNull(content, "content");
        transaction(name, "write", connection -> {
            upsertBlob(connection, name, content);
            return null;
        });
    }

    @Override
    public void write(String name, byte[] content, StoreLease lease) throws StoreException {
        StoreNames.checkName(name);
        Objects.requireNonNull(content, "content");
        StoreNames.checkCovered(name, lease);
        transaction(name, "write", connection -> {
            requireCurrent(name, lease, lockedState(connection, lease.lockName()));
            upsertBlob(connection, name, content);
            return null;
        });
    }

    @Override
    public boolean delete(String name) throws StoreException {
        StoreNames.checkName(name);
        return transaction(name, "delete", connection -> deleteBlob(connection, name));
    }

    @Override
    public boolean delete(String name, StoreLease lease) throws StoreException {
        StoreNames.checkName(name);
        StoreNames.checkCovered(name, lease);
        return transaction(name, "delete", connection -> {
            requireCurrent(name, lease, lockedState(connection, lease.lockName()));
            return deleteBlob(connection, name);
        });
    }

    @Override
    public List<String> list(String prefix) throws StoreException {
        StoreNames.checkPrefix(prefix);
        return transaction(prefix.isEmpty() ? "/" : prefix, "list", connection -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement select = prepare(connection,
                    "SELECT name FROM " + blobTable + " WHERE name LIKE ? ESCAPE '\\'")) {
                select.setString(1, likePrefix(prefix));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
            }
            // Sorted here, character by character, whatever collation the database sorts by.
            Collections.sort(names);
            return List.copyOf(names);
        });
    }

    @Override
    public Optional<StoreLease> tryLock(String lockName, String owner, Duration leaseDuration) throws StoreException {
        StoreNames.checkLock(lockName, owner, leaseDuration);
        return transaction(lockName, "lock", connection -> {
            Instant now = clock.instant();
            StoreLease first = new StoreLease(lockName, owner, 1, now.plus(leaseDuration));
            // A new lock: the insert itself locks the row, and a racing insert waits for it and then does nothing.
            try (PreparedStatement insert = prepare(connection, "INSERT INTO " + leaseTable
                    + " (lock_name, owner, token, expires_seconds, expires_nanos, released) VALUES (?, ?, ?, ?, ?, FALSE)"
                    + " ON CONFLICT (lock_name) DO NOTHING")) {
                insert.setString(1, lockName);
                insert.setString(2, owner);
                insert.setLong(3, first.token());
                insert.setLong(4, first.expiresAt().getEpochSecond());
                insert.setInt(5, first.expiresAt().getNano());
                if (insert.executeUpdate() == 1) {
                    return Optional.of(first);
                }
            }
            LeaseState state = lockedState(connection, lockName).orElseThrow(() -> new StoreException(
                    "lock row vanished while it was being taken; were the store's tables edited?", lockName));
            if (state.heldAt(now)) {
                return Optional.<StoreLease>empty();
            }
            StoreLease lease = new StoreLease(lockName, owner, Math.addExact(state.token, 1), now.plus(leaseDuration));
            updateState(connection, lease, false);
            return Optional.of(lease);
        });
    }

    @Override
    public StoreLease renew(StoreLease lease, Duration leaseDuration) throws StoreException {
        Objects.requireNonNull(lease, "lease");
        StoreNames.checkName(lease.lockName());
        StoreNames.checkLeaseDuration(leaseDuration);
        return transaction(lease.lockName(), "renew", connection -> {
            requireCurrent(lease.lockName(), lease, lockedState(connection, lease.lockName()));
            StoreLease renewed = new StoreLease(lease.lockName(), lease.owner(), lease.token(),
                    clock.instant().plus(leaseDuration));
            updateState(connection, renewed, false);
            return renewed;
        });
    }

    @Override
    public void release(StoreLease lease) throws StoreException {
        Objects.requireNonNull(lease, "lease");
        StoreNames.checkName(lease.lockName());
        transaction(lease.lockName(), "release", connection -> {
            Optional<LeaseState> state = lockedState(connection, lease.lockName());
            if (state.isPresent() && state.get().issued(lease) && !state.get().released) {
                LeaseState s = state.get();
                updateState(connection, new StoreLease(lease.lockName(), s.owner, s.token, s.expiresAt), true);
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "JdbcCertificateStore[" + prefix + "*]";
    }

    // ------------------------------------------------------------------ schema

    private JdbcCertificateStore createSchema() throws StoreException {
        for (int attempt = 1; ; attempt++) {
            try {
                transaction("", "open", this::createSchemaOnce);
                return this;
            } catch (SchemaRaceException e) {
                if (attempt >= SCHEMA_ATTEMPTS) {
                    throw new StoreException("cannot create the store's tables " + prefix + "*: another instance"
                            + " kept creating them at the same time (" + SCHEMA_ATTEMPTS + " attempts)", "", e.getCause());
                }
            }
        }
    }

    private Void createSchemaOnce(Connection connection) throws SQLException, StoreException {
        Optional<Integer> version;
        try {
            try (Statement create = connection.createStatement()) {
                create.setQueryTimeout(queryTimeoutSeconds());
                create.execute("CREATE TABLE IF NOT EXISTS " + versionTable
                        + " (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)");
            }
            // Locks out other instances opening at once until this transaction commits.
            try (PreparedStatement select = prepare(connection,
                    "SELECT version FROM " + versionTable + " WHERE id = 1 FOR UPDATE");
                    ResultSet rows = select.executeQuery()) {
                version = rows.next() ? Optional.of(rows.getInt(1)) : Optional.empty();
            }
            if (version.isEmpty()) {
                try (Statement create = connection.createStatement()) {
                    create.setQueryTimeout(queryTimeoutSeconds());
                    create.execute("CREATE TABLE IF NOT EXISTS " + blobTable
                            + " (name VARCHAR(" + StoreNames.MAX_NAME_LENGTH + ") PRIMARY KEY, content BYTEA NOT NULL)");
                    create.execute("CREATE TABLE IF NOT EXISTS " + leaseTable
                            + " (lock_name VARCHAR(" + StoreNames.MAX_NAME_LENGTH + ") PRIMARY KEY,"
                            + " owner VARCHAR(" + StoreNames.MAX_OWNER_LENGTH + ") NOT NULL,"
                            + " token BIGINT NOT NULL, expires_seconds BIGINT NOT NULL,"
                            + " expires_nanos INTEGER NOT NULL, released BOOLEAN NOT NULL)");
                }
                try (PreparedStatement insert = prepare(connection,
                        "INSERT INTO " + versionTable + " (id, version) VALUES (1, ?)")) {
                    insert.setInt(1, SCHEMA_VERSION);
                    insert.executeUpdate();
                }
                return null;
            }
        } catch (SQLException e) {
            // Two instances creating the same table or row at once: one fails, and finds them on the next attempt.
            if ("23505".equals(e.getSQLState()) || "42P07".equals(e.getSQLState())) {
                throw new SchemaRaceException(e);
            }
            throw e;
        }
        int found = version.get();
        if (found > SCHEMA_VERSION) {
            throw new StoreException("the store's tables " + prefix + "* have schema version " + found
                    + ", newer than the version " + SCHEMA_VERSION + " this Certwright knows; they were written by a"
                    + " newer Certwright. Upgrade this application, or give it its own table prefix", "");
        }
        if (found < 1) {
            throw new StoreException("the store's tables " + prefix + "* have an invalid schema version " + found
                    + "; they were not created by Certwright", "");
        }
        return null;
    }

    /** A race with another instance creating the schema; retried. */
    private static final class SchemaRaceException extends StoreException {
        private static final long serialVersionUID = 1L;

        SchemaRaceException(SQLException cause) {
            super("concurrent schema creation", "", cause);
        }
    }

    // ------------------------------------------------------------------ blobs

    private void upsertBlob(Connection connection, String name, byte[] content) throws SQLException {
        try (PreparedStatement upsert = prepare(connection, "INSERT INTO " + blobTable + " (name, content) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET content = EXCLUDED.content")) {
            upsert.setString(1, name);
            upsert.setBytes(2, content);
            upsert.executeUpdate();
        }
    }

    private boolean deleteBlob(Connection connection, String name) throws SQLException {
        try (PreparedStatement delete = prepare(connection, "DELETE FROM " + blobTable + " WHERE name = ?")) {
            delete.setString(1, name);
            return delete.executeUpdate() > 0;
        }
    }

    /** A LIKE pattern matching the names that start with {@code prefix}; names may contain {@code _}. */
    static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    // ------------------------------------------------------------------ leases

    /** The lock's state, with its row locked until the transaction ends. */
    private Optional<LeaseState> lockedState(Connection connection, String lockName) throws SQLException, StoreException {
        try (PreparedStatement select = prepare(connection, "SELECT owner, token, expires_seconds, expires_nanos, released"
                + " FROM " + leaseTable + " WHERE lock_name = ? FOR UPDATE")) {
            select.setString(1, lockName);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                LeaseState state = new LeaseState(rows.getString(1), rows.getLong(2),
                        readInstant(lockName, rows.getLong(3), rows.getInt(4)), rows.getBoolean(5));
                if (state.token <= 0) {
                    // Never start the tokens again from 1: a stale holder could then pass the fencing check.
                    throw new StoreException("lock row has a fencing token " + state.token + " that is not positive;"
                            + " it was not written by this store", lockName);
                }
                return Optional.of(state);
            }
        }
    }

    private static Instant readInstant(String lockName, long seconds, int nanos) throws StoreException {
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (RuntimeException e) {
            throw new StoreException("lock row has an invalid expiry (" + seconds + " s, " + nanos + " ns);"
                    + " it was not written by this store", lockName, e);
        }
    }

    private void updateState(Connection connection, StoreLease lease, boolean released) throws SQLException {
        try (PreparedStatement update = prepare(connection, "UPDATE " + leaseTable + " SET owner = ?, token = ?,"
                + " expires_seconds = ?, expires_nanos = ?, released = " + (released ? "TRUE" : "FALSE")
                + " WHERE lock_name = ?")) {
            update.setString(1, lease.owner());
            update.setLong(2, lease.token());
            update.setLong(3, lease.expiresAt().getEpochSecond());
            update.setInt(4, lease.expiresAt().getNano());
            update.setString(5, lease.lockName());
            update.executeUpdate();
        }
    }

    private void requireCurrent(String name, StoreLease lease, Optional<LeaseState> state) throws LeaseLostException {
        if (state.isEmpty() || !state.get().issued(lease)) {
            boolean superseded = state.isPresent() && state.get().token > lease.token();
            throw new LeaseLostException(name, lease,
                    superseded ? LeaseLostException.Reason.SUPERSEDED : LeaseLostException.Reason.NOT_ISSUED);
        }
        if (state.get().released) {
            throw new LeaseLostException(name, lease, LeaseLostException.Reason.RELEASED);
        }
        if (!clock.instant().isBefore(state.get().expiresAt)) {
            throw new LeaseLostException(name, lease, LeaseLostException.Reason.EXPIRED);
        }
    }

    // ------------------------------------------------------------ transactions

    private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            statement.setQueryTimeout(queryTimeoutSeconds());
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private int queryTimeoutSeconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000));
    }

    /**
     * Runs {@code work} in one transaction, bounded by the timeout, committing if it returns and
     * rolling back whatever else happens; the connection goes back as it came.
     */
    private <T> T transaction(String name, String operation, Work<T> work) throws StoreException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            // The database gives up first (lock_timeout, statement_timeout); the socket bound is the backstop.
            OptionalInt networkTimeout = boundNetwork(connection);
            Throwable failure = null;
            try {
                connection.setAutoCommit(false);
                boolean committed = false;
                try {
                    begin(connection);
                    T result = work.run(connection);
                    connection.commit();
                    committed = true;
                    return result;
                } finally {
                    if (!committed) {
                        rollbackQuietly(connection);
                    }
                }
            } catch (Throwable e) {
                failure = e;
                throw e;
            } finally {
                restore(connection, autoCommit, networkTimeout, failure);
            }
        } catch (SQLException e) {
            throw translate(name, operation, e);
        }
    }

    /** Gives the connection back as it came; a failure to do so never hides the operation's own failure. */
    private static void restore(Connection connection, boolean autoCommit, OptionalInt networkTimeout, Throwable failure)
            throws SQLException {
        try {
            connection.setAutoCommit(autoCommit);
            if (networkTimeout.isPresent()) {
                connection.setNetworkTimeout(Runnable::run, networkTimeout.getAsInt());
            }
        } catch (SQLException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    /** Sets the network timeout where the driver supports it; returns the one to restore. */
    private OptionalInt boundNetwork(Connection connection) throws SQLException {
        try {
            int previous = connection.getNetworkTimeout();
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis() * 2 + 1000));
            return OptionalInt.of(previous);
        } catch (SQLFeatureNotSupportedException e) {
            return OptionalInt.empty(); // then only the query timeouts bound the wait
        }
    }

    /**
     * Starts the transaction at READ COMMITTED, whatever the connection's default — under
     * REPEATABLE READ a row locked after another's commit fails instead of being re-read — and
     * bounds its lock waits and statements. One round trip; the values are numbers, not input.
     */
    private void begin(Connection connection) throws SQLException {
        long millis = Math.max(1, timeout.toMillis());
        try (Statement set = connection.createStatement()) {
            set.setQueryTimeout(queryTimeoutSeconds());
            set.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = " + millis
                    + "; SET LOCAL statement_timeout = " + millis);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is broken; closing it discards the transaction all the same.
        }
    }

    private StoreException translate(String name, String operation, SQLException e) {
        String state = e.getSQLState();
        if (LOCK_NOT_AVAILABLE.equals(state) || QUERY_CANCELED.equals(state)) {
            return new StoreException("cannot " + operation + ": the database did not answer, or another instance held"
                    + " the row, for longer than the timeout " + timeout + " (SQL state " + state + ")", name, e);
        }
        return new StoreException("cannot " + operation + " in tables " + prefix + "*: " + e.getMessage()
                + (state == null ? "" : " (SQL state " + state + ")"), name, e);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException, StoreException;
    }

    /** A lock's row. */
    private static final class LeaseState {
        final String owner;
        final long token;
        final Instant expiresAt;
        final boolean released;

        LeaseState(String owner, long token, Instant expiresAt, boolean released) {
            this.owner = owner;
            this.token = token;
            this.expiresAt = expiresAt;
            this.released = released;
        }

        boolean heldAt(Instant now) {
            return !released && now.isBefore(expiresAt);
        }

        boolean issued(StoreLease lease) {
            return token == lease.token() && owner.equals(lease.owner());
        }
    }

    /**
     * Configures a {@link JdbcCertificateStore}.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private final DataSource dataSource;
        private Clock clock = Clock.systemUTC();
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * Sets the clock that decides when leases expire; the database's clock is never used.
         *
         * @param clock the clock
         * @return this builder
         * @since 0.2.0
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the prefix of the table names, so that several stores (or applications) can share
         * one database schema. Stores with the same prefix share their blobs and locks.
         *
         * @param tablePrefix 1 to 40 characters from {@code a-z}, {@code 0-9} and {@code _},
         *                    not starting with a digit; it may name a schema ({@code certs.})
         *                    only through the connection's {@code search_path}
         * @return this builder
         * @throws IllegalArgumentException if the prefix is not of that form
         * @since 0.2.0
         */
        public Builder tablePrefix(String tablePrefix) {
            Objects.requireNonNull(tablePrefix, "tablePrefix");
            if (!PREFIX.matcher(tablePrefix).matches()) {
                throw new IllegalArgumentException("table prefix must be 1 to 40 characters from a-z, 0-9 and _,"
                        + " not starting with a digit, got '" + tablePrefix + "'");
            }
            this.tablePrefix = tablePrefix;
            return this;
        }

        /**
         * Sets how long a statement, a wait for another instance's row lock, and a reply from the
         * database may take before the operation fails with a {@link StoreException}.
         *
         * @param timeout positive, at least a millisecond
         * @return this builder
         * @throws IllegalArgumentException if it is shorter than a millisecond
         * @since 0.2.0
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toMillis() < 1) {
                throw new IllegalArgumentException("timeout must be at least 1 ms, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Opens the store: creates its tables if they are missing, and checks their schema version.
         *
         * @return the store
         * @throws StoreException if the database cannot be reached, the tables cannot be created, or
         *                        they hold a schema version newer than {@value #SCHEMA_VERSION}
         * @since 0.2.0
         */
        public JdbcCertificateStore open() throws StoreException {
            return new JdbcCertificateStore(this).createSchema();
        }
    }
}
