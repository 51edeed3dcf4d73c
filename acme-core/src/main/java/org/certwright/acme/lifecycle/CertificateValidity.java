package org.certwright.acme.lifecycle;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A certificate's validity period, {@code notBefore} to {@code notAfter}: all that the renewal
 * and warning decisions need to know about the certificate itself.
 *
 * @since 0.2.0
 */
public final class CertificateValidity {

    private final Instant notBefore;
    private final Instant notAfter;

    private CertificateValidity(Instant notBefore, Instant notAfter) {
        this.notBefore = notBefore;
        this.notAfter = notAfter;
    }

    /**
     * The validity period of a certificate.
     *
     * @param certificate the certificate
     * @return its {@code notBefore} and {@code notAfter}
     * @throws IllegalArgumentException if {@code notAfter} is not after {@code notBefore}
     * @since 0.2.0
     */
    public static CertificateValidity of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        return of(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    }

    /**
     * A validity period.
     *
     * @param notBefore the first instant the certificate is valid
     * @param notAfter  the last instant the certificate is valid
     * @return the period
     * @throws IllegalArgumentException if {@code notAfter} is not after {@code notBefore}
     * @since 0.2.0
     */
    public static CertificateValidity of(Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("certificate notAfter " + notAfter + " is not after its notBefore "
                    + notBefore);
        }
        return new CertificateValidity(notBefore, notAfter);
    }

    /**
     * The first instant the certificate is valid.
     *
     * @return {@code notBefore}
     * @since 0.2.0
     */
    public Instant notBefore() {
        return notBefore;
    }

    /**
     * The last instant the certificate is valid.
     *
     * @return {@code notAfter}
     * @since 0.2.0
     */
    public Instant notAfter() {
        return notAfter;
    }

    /**
     * The length of the validity period.
     *
     * @return {@code notAfter - notBefore}, always positive
     * @since 0.2.0
     */
    public Duration lifetime() {
        return Duration.between(notBefore, notAfter);
    }

    /**
     * How long the certificate remains valid after {@code now}.
     *
     * @param now the instant to measure from
     * @return {@code notAfter - now}; negative once the certificate has expired
     * @since 0.2.0
     */
    public Duration remaining(Instant now) {
        return Duration.between(now, notAfter);
    }

    /** The instant at which {@code fraction} of the lifetime remains, to the millisecond. */
    Instant whenRemaining(double fraction) {
        long millis = Math.round(lifetime().toMillis() * fraction);
        return notAfter.minusMillis(millis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateValidity v && notBefore.equals(v.notBefore) && notAfter.equals(v.notAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(notBefore, notAfter);
    }

    @Override
    public String toString() {
        return "CertificateValidity[" + notBefore + " .. " + notAfter + "]";
    }
}
