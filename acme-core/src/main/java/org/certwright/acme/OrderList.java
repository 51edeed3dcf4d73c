package org.certwright.acme;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of an account's orders (RFC 8555 §7.1.2.1). Follow {@link #next()} with
 * {@link Session#fetch(Link)} for the next page.
 *
 * @param url    this page's URL
 * @param orders the orders on this page
 * @param next   the next page ({@code Link rel="next"}), if there is one
 */
public record OrderList(URI url, List<Link<Order>> orders, Optional<Link<OrderList>> next) {

    /** Creates a page; the list is copied. */
    public OrderList {
        Objects.requireNonNull(url, "url");
        orders = List.copyOf(orders);
        Objects.requireNonNull(next, "next");
    }
}
