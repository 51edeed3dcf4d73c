package org.certwright.acme.internal.http;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header (RFC 9110 §10.2.3): either a number of seconds or an
 * HTTP-date in any of the three formats recipients must accept (IMF-fixdate, the obsolete RFC 850
 * form and asctime).
 *
 * <p>A value that is neither is ignored, as RFC 9110 asks of invalid field values; a date in the
 * past means "now".
 */
public final class RetryAfter {

    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US);

    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEE MMM")
            .appendLiteral(' ')
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("d HH:mm:ss yyyy")
            .toFormatter(Locale.US);

    /** Seconds beyond this are treated as this, so that arithmetic on the result cannot overflow. */
    private static final long MAX_SECONDS = Duration.ofDays(3650).toSeconds();

    private RetryAfter() {
    }

    /** The instant a {@code Retry-After} value points at, relative to {@code now}; empty when invalid. */
    public static Optional<Instant> parse(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long seconds = v.length() > 12 ? MAX_SECONDS : Math.min(Long.parseLong(v), MAX_SECONDS);
            return Optional.of(now.plusSeconds(seconds));
        }
        Optional<Instant> date = parseDate(v);
        return date.map(d -> d.isBefore(now) ? now : d);
    }

    private static Optional<Instant> parseDate(String v) {
        try {
            return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeException ignored) {
            // not IMF-fixdate; try the obsolete forms
        }
        try {
            return Optional.of(LocalDateTime.parse(v, RFC_850).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException ignored) {
            // not RFC 850
        }
        try {
            return Optional.of(LocalDateTime.parse(v, ASCTIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException ignored) {
            return Optional.empty();
        }
    }
}
