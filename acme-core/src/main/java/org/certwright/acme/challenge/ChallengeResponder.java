package org.certwright.acme.challenge;

import java.util.Set;
import org.certwright.acme.problem.AcmeException;

/**
 * Makes a challenge pass: provisions what the CA will check (a file under
 * {@code /.well-known/acme-challenge/}, a DNS TXT record, a TLS certificate) and removes it again.
 *
 * <p>A custom responder is one small class:
 * <pre>{@code
 * public final class MyDnsResponder implements ChallengeResponder {
 *     public Set<String> challengeTypes() { return Set.of(Challenge.DNS_01); }
 *
 *     public Provision provision(ChallengeContext context) throws AcmeException {
 *         DnsRecord record = context.dnsRecord().orElseThrow();
 *         myDnsApi.addTxt(record.name(), record.value());
 *         return () -> myDnsApi.removeTxt(record.name(), record.value());
 *     }
 * }
 * }</pre>
 *
 * <p>Responders are passed to the issuance flow explicitly or discovered with
 * {@link java.util.ServiceLoader} (declare them in {@code module-info} with
 * {@code provides org.certwright.acme.challenge.ChallengeResponder with ...}, or in
 * {@code META-INF/services}). Implementations must be thread-safe: the flow provisions the
 * challenges of an order concurrently, and several orders may run at once.
 *
 * <p>A responder should report failures as {@link AcmeException}s (typically
 * {@link ProvisioningException}). Should it throw anything else, short of a
 * {@link VirtualMachineError}, the issuance flow treats it the same way: an unchecked exception
 * from {@link #provision} makes it fall back to the next challenge type, one from {@link #supports}
 * fails the issuance with a {@link ProvisioningException} whose cause it is; either way whatever
 * was provisioned is removed. Blocking calls should honour interrupts: the flow interrupts them
 * when its caller is interrupted, its deadline passes or it is cancelled.
 */
public interface ChallengeResponder {

    /** The challenge types this responder can satisfy, for example {@code http-01}. */
    Set<String> challengeTypes();

    /**
     * Whether this responder can satisfy this particular challenge. The default accepts every
     * challenge of its types; override to decline, for example, wildcard names for http-01 or IP
     * addresses for a DNS responder.
     */
    default boolean supports(ChallengeContext context) {
        return challengeTypes().contains(context.challenge().type());
    }

    /**
     * Provisions what the CA will check. The returned handle's {@link Provision#close()} removes
     * it again; the flow always calls it, also when validation fails.
     *
     * @throws AcmeException (typically a {@link ProvisioningException}) if provisioning failed;
     *         anything partly provisioned must be removed before throwing
     */
    Provision provision(ChallengeContext context) throws AcmeException;
}
