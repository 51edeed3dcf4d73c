package org.certwright.acme;

import java.net.URI;
import java.util.Objects;

/**
 * A typed reference from one resource to another: an order's authorizations, an account's orders,
 * a challenge's authorization, an order's certificate and its alternate chains. The session
 * follows it with {@link Session#fetch(Link)} and returns a snapshot of the target's type, so
 * callers never build or parse URLs.
 *
 * @param url  where the target lives
 * @param type the target's resource type
 * @param <T>  the target's resource type
 */
public record Link<T>(URI url, Class<T> type) {

    /** Creates a link. */
    public Link {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(type, "type");
    }

    /** A link to an authorization. */
    public static Link<Authorization> authorization(URI url) {
        return new Link<>(url, Authorization.class);
    }

    /** A link to a certificate. */
    public static Link<Certificate> certificate(URI url) {
        return new Link<>(url, Certificate.class);
    }

    /** A link to an order. */
    public static Link<Order> order(URI url) {
        return new Link<>(url, Order.class);
    }

    /** A link to one page of an account's order list. */
    public static Link<OrderList> orderList(URI url) {
        return new Link<>(url, OrderList.class);
    }

    /** A link to a challenge. */
    public static Link<Challenge> challenge(URI url) {
        return new Link<>(url, Challenge.class);
    }

    @Override
    public String toString() {
        return type.getSimpleName() + "<" + url + ">";
    }
}
