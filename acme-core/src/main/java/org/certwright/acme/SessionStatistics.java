package org.certwright.acme;

/**
 * Counters of what a session has sent, for monitoring and benchmarks.
 *
 * @param httpRequests    every HTTP request sent, retries included
 * @param nonceRequests   requests to {@code newNonce} (the pool was empty)
 * @param badNonceRetries requests repeated because the CA rejected the nonce
 * @param otherRetries    idempotent requests repeated after a transient failure
 */
public record SessionStatistics(long httpRequests, long nonceRequests, long badNonceRetries, long otherRetries) {
}
