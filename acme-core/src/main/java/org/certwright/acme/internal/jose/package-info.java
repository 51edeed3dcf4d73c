/**
 * JOSE plumbing shared by the account key, thumbprints and the JWS signer: public keys as JWKs
 * and ECDSA signature formats. Not exported; the API is in {@code org.certwright.acme.crypto}.
 */
package org.certwright.acme.internal.jose;
