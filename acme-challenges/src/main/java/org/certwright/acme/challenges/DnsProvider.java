package org.certwright.acme.challenges;

import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.problem.AcmeException;

/**
 * Publishes and removes TXT records in a DNS zone: the part of a DNS challenge that differs from one
 * DNS service to the next. {@link DnsResponder} does the rest (naming, waiting for propagation,
 * clean-up).
 *
 * <p>A provider for a DNS hosting API is one small class:
 * <pre>{@code
 * public final class MyDnsProvider implements DnsProvider {
 *     public void publish(DnsRecord record) throws ProvisioningException {
 *         api.addTxt(record.name(), record.value(), 60);      // add, keeping other values
 *     }
 *
 *     public void remove(DnsRecord record) throws ProvisioningException {
 *         api.deleteTxt(record.name(), record.value());       // only this value
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations must be thread-safe: the challenges of an order are provisioned concurrently,
 * and two of them may share a name ({@code example.com} and {@code *.example.com} are both validated
 * at {@code _acme-challenge.example.com}), which is why a value is added and removed on its own.
 */
public interface DnsProvider {

    /**
     * Adds a TXT value at a name, keeping the values already there. Publishing a value that is already
     * there must not fail.
     *
     * @param record the name (absolute, without trailing dot) and the value
     * @throws AcmeException typically a {@link org.certwright.acme.challenge.ProvisioningException}, if the
     *                       record could not be published; an
     *                       {@link org.certwright.acme.problem.AcmeInterruptedException} if the thread was
     *                       interrupted (its interrupt status set again)
     */
    void publish(DnsRecord record) throws AcmeException;

    /**
     * Removes one TXT value from a name, keeping the others. Removing a value that is not there must
     * not fail.
     *
     * @param record the name and the value, as given to {@link #publish(DnsRecord)}
     * @throws AcmeException typically a {@link org.certwright.acme.challenge.ProvisioningException}, if the
     *                       record could not be removed
     */
    void remove(DnsRecord record) throws AcmeException;
}
