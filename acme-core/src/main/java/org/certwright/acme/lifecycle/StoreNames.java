package org.certwright.acme.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * The rules for the names a {@link CertificateStore} accepts, shared by every implementation so
 * that a name valid for one store is valid for all of them.
 *
 * <p>A <b>blob name</b> (and a <b>lock name</b>, which follows the same rules) is a relative,
 * {@code /}-separated key such as {@code certificates/example.com/chain.pem}:
 * <ul>
 *   <li>at most {@value #MAX_NAME_LENGTH} characters, made of one or more segments separated by
 *       single {@code /}; no leading {@code /} (names are never absolute) and no trailing one;</li>
 *   <li>each segment is 1 to {@value #MAX_SEGMENT_LENGTH} characters from {@code A-Z a-z 0-9}
 *       and {@code . _ - @ + =};</li>
 *   <li>no segment starts with {@code .}: that rules out {@code .} and {@code ..} (so a name
 *       can never leave the store), and leaves dot-names to implementations for their own
 *       bookkeeping (temporary files, lock files), which therefore never collide with a blob.</li>
 * </ul>
 * Names are case-sensitive; since some file systems are not, callers should not use two names
 * that differ only in case (the {@link StoreLayout layout} uses lower case throughout).
 *
 * <p>A <b>prefix</b> (for {@link CertificateStore#list}) is empty, or a valid name optionally
 * followed by one {@code /}; it matches names that start with it character for character.
 *
 * @since 0.2.0
 */
public final class StoreNames {

    /** The longest name accepted, in characters. */
    public static final int MAX_NAME_LENGTH = 1024;
    /** The longest segment accepted, in characters; leaves room in a 255-byte file name for a suffix. */
    public static final int MAX_SEGMENT_LENGTH = 240;
    /** The longest owner accepted by {@link CertificateStore#tryLock}, in characters. */
    public static final int MAX_OWNER_LENGTH = 256;
    /** The longest lease accepted by {@link CertificateStore#tryLock} and {@link CertificateStore#renew}. */
    public static final Duration MAX_LEASE = Duration.ofDays(1);

    private StoreNames() {
    }

    /**
     * Checks a blob name or lock name.
     *
     * @param name the name
     * @return the name, for chaining
     * @throws InvalidStoreNameException naming the rule it breaks
     * @since 0.2.0
     */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new InvalidStoreNameException(name, "empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidStoreNameException(name, "longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (name.startsWith("/")) {
            throw new InvalidStoreNameException(name, "absolute (starts with '/')");
        }
        int start = 0;
        while (true) {
            int end = name.indexOf('/', start);
            checkSegment(name, name.substring(start, end < 0 ? name.length() : end));
            if (end < 0) {
                return name;
            }
            start = end + 1;
        }
    }

    /**
     * Checks a prefix for {@link CertificateStore#list}: empty, or a valid name optionally
     * followed by {@code /}.
     *
     * @param prefix the prefix
     * @return the prefix, for chaining
     * @throws InvalidStoreNameException naming the rule it breaks
     * @since 0.2.0
     */
    public static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.isEmpty()) {
            checkName(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
        return prefix;
    }

    /**
     * Checks the arguments of {@link CertificateStore#tryLock}.
     *
     * @param lockName      the lock name
     * @param owner         the owner: 1 to {@value #MAX_OWNER_LENGTH} characters, no control characters
     * @param leaseDuration positive and at most {@link #MAX_LEASE}
     * @throws InvalidStoreNameException if the lock name is invalid
     * @throws IllegalArgumentException  if the owner or the duration is invalid
     * @since 0.2.0
     */
    public static void checkLock(String lockName, String owner, Duration leaseDuration) {
        checkName(lockName);
        Objects.requireNonNull(owner, "owner");
        if (owner.isEmpty() || owner.length() > MAX_OWNER_LENGTH) {
            throw new IllegalArgumentException("lock owner must be 1 to " + MAX_OWNER_LENGTH
                    + " characters, got " + owner.length());
        }
        if (owner.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("lock owner contains a control character");
        }
        checkLeaseDuration(leaseDuration);
    }

    /**
     * Checks a lease duration: positive and at most {@link #MAX_LEASE}.
     *
     * @param leaseDuration the duration
     * @throws IllegalArgumentException if it is out of range
     * @since 0.2.0
     */
    public static void checkLeaseDuration(Duration leaseDuration) {
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        if (leaseDuration.isNegative() || leaseDuration.isZero() || leaseDuration.compareTo(MAX_LEASE) > 0) {
            throw new IllegalArgumentException("lease duration must be positive and at most " + MAX_LEASE
                    + ", got " + leaseDuration);
        }
    }

    /**
     * Checks that a fenced write or delete of {@code blobName} may carry {@code lease}: the blob
     * must be under the lease's lock ({@code <lockName>/...}).
     *
     * @param blobName the blob name (already checked)
     * @param lease    the lease
     * @throws IllegalArgumentException if the lease does not cover the blob
     * @since 0.2.0
     */
    public static void checkCovered(String blobName, StoreLease lease) {
        Objects.requireNonNull(lease, "lease");
        if (!lease.covers(blobName)) {
            throw new IllegalArgumentException("blob '" + blobName + "' is not under the lease's lock '"
                    + lease.lockName() + "/'");
        }
    }

    private static void checkSegment(String name, String segment) {
        if (segment.isEmpty()) {
            throw new InvalidStoreNameException(name, "empty segment (a leading, trailing or doubled '/')");
        }
        if (segment.length() > MAX_SEGMENT_LENGTH) {
            throw new InvalidStoreNameException(name, "segment longer than " + MAX_SEGMENT_LENGTH + " characters");
        }
        if (segment.charAt(0) == '.') {
            throw new InvalidStoreNameException(name, "segment '" + segment
                    + "' starts with '.' (reserved; rules out '.' and '..')");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (!allowed(c)) {
                throw new InvalidStoreNameException(name, "character '" + printable(c)
                        + "' is not one of A-Z a-z 0-9 . _ - @ + =");
            }
        }
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-' || c == '@' || c == '+' || c == '=';
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
