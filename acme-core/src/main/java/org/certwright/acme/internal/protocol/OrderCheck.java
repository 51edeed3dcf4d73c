package org.certwright.acme.internal.protocol;

import java.util.Collection;
import java.util.Optional;
import org.certwright.acme.Authorization;
import org.certwright.acme.Identifier;
import org.certwright.acme.Order;
import org.certwright.acme.internal.IdentifierSets;
import org.certwright.acme.problem.AcmeProtocolException;

/**
 * Checks that what a CA answered to a new order is the order that was asked for, before any
 * challenge is answered: answering challenges of an order for other names would prove control
 * of names nobody meant to certify, and an order with more authorizations than identifiers can
 * only be a broken or hostile CA (RFC 8555 §7.1.3: one authorization per identifier).
 */
public final class OrderCheck {

    private OrderCheck() {
    }

    /**
     * Checks a new order against the identifiers requested.
     *
     * @param requested the identifiers sent in {@code newOrder}
     * @param order     the CA's answer
     * @param status    the HTTP status of the answer, for the message
     * @throws AcmeProtocolException naming both sets if the order is for other identifiers, or if
     *                               it lists more authorizations than identifiers
     */
    public static void requireAsRequested(Collection<Identifier> requested, Order order, int status)
            throws AcmeProtocolException {
        Optional<String> difference = IdentifierSets.difference(requested, order.identifiers());
        if (difference.isPresent()) {
            throw new AcmeProtocolException("the CA's order is for " + order.identifiers() + " but "
                    + requested + " was requested (" + difference.get() + ")", "POST", order.url(), status);
        }
        if (order.authorizations().size() > order.identifiers().size()) {
            throw new AcmeProtocolException("the order lists " + order.authorizations().size()
                    + " authorizations for " + order.identifiers().size() + " identifiers "
                    + order.identifiers(), "POST", order.url(), status);
        }
    }

    /**
     * Checks that an authorization of an order is for one of the order's identifiers.
     *
     * @param order         the order
     * @param authorization one of its authorizations, as fetched
     * @throws AcmeProtocolException naming the identifier and the order's if it is not among them
     */
    public static void requireAuthorizationOf(Order order, Authorization authorization) throws AcmeProtocolException {
        Identifier id = authorization.orderedIdentifier();
        if (!order.identifiers().contains(id)) {
            throw new AcmeProtocolException("the authorization is for " + id + ", which is not among the order's "
                    + "identifiers " + order.identifiers(), "POST", authorization.url(), 200);
        }
    }
}
