/**
 * One-call issuance: {@link org.certwright.acme.issuance.CertificateIssuer} takes identifiers (or
 * a CSR) and responders and returns a verified certificate.
 */
package org.certwright.acme.issuance;
