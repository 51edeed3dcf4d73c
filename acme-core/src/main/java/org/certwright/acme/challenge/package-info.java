/**
 * The challenge responder SPI: {@link org.certwright.acme.challenge.ChallengeResponder} provisions
 * what the CA checks and removes it afterwards; {@link org.certwright.acme.challenge.ChallengeContext}
 * is what it is given. Ready-made responders for http-01, tls-alpn-01 and dns-01 live in the
 * {@code acme-challenges} module.
 */
package org.certwright.acme.challenge;
