package org.certwright.acme.lifecycle;

import java.security.cert.X509Certificate;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.problem.AcmeException;

/**
 * Where a {@link CertificateManager} gets certificates and renewal information: one CA and one
 * account. The manager's builder makes the default from an {@link org.certwright.acme.AcmeClient}
 * and a {@link ManagedAccount} (the account is created on first use and kept in the store); tests
 * and unusual setups may give their own.
 *
 * <p>Implementations are thread-safe; the manager calls them from its worker threads.
 *
 * @since 0.2.0
 */
public interface CertificateSource {

    /**
     * The CA's id, recorded with each certificate it issues.
     *
     * @return a valid store name segment (see {@link StoreLayout#caId})
     * @since 0.2.0
     */
    String caId();

    /**
     * Whether the CA offers ACME Renewal Information (RFC 9773).
     *
     * @return {@code true} if its directory has {@code renewalInfo}
     * @throws AcmeException if the directory cannot be fetched
     * @since 0.2.0
     */
    boolean supportsRenewalInfo() throws AcmeException;

    /**
     * Fetches the CA's renewal information for a certificate it issued.
     *
     * @param certificate the leaf certificate
     * @return the suggested window
     * @throws AcmeException if it cannot be fetched
     * @since 0.2.0
     */
    org.certwright.acme.RenewalInfo renewalInfo(X509Certificate certificate) throws AcmeException;

    /**
     * Obtains a certificate, blocking until it is issued, the request's deadline passes or the
     * thread is interrupted (then every provision made is removed before this returns).
     *
     * @param request what to obtain
     * @return the certificate, with the key pair when one was generated
     * @throws AcmeException if it could not be obtained
     * @since 0.2.0
     */
    IssuedCertificate issue(IssuanceRequest request) throws AcmeException;
}
