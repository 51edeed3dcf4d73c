package org.certwright.acme;

import java.net.URI;
import java.util.Objects;

/**
 * A typed reference from one resource to another: an order's authorizations, an account's orders,
 * a challenge's authorization, an order's certificate and its alternate chains. The session
 * follows it with {@link Session#fetch(Link)} and returns a snapshot of the target's type, so
 * callers never build or parse URLs.
 *
 * <p>Links are made only by the factories below, one per {@link LinkTarget} type, so a link's
 * type always matches what the session fetches from it: {@code Link<String>} does not compile,
 * and there is no constructor that takes a class.
 *
 * @param <T> the target's resource type
 */
public final class Link<T extends LinkTarget> {

    /** The closed set of targets, which {@link Session#fetch(Link)} dispatches over. */
    enum Kind {
        ORDER, AUTHORIZATION, CHALLENGE, CERTIFICATE, ORDER_LIST
    }

    private final URI url;
    private final Class<T> type;
    private final Kind kind;

    private Link(URI url, Class<T> type, Kind kind) {
        this.url = Objects.requireNonNull(url, "url");
        this.type = type;
        this.kind = kind;
    }

    /**
     * A link to an authorization.
     *
     * @param url where the authorization lives
     * @return the link
     */
    public static Link<Authorization> authorization(URI url) {
        return new Link<>(url, Authorization.class, Kind.AUTHORIZATION);
    }

    /**
     * A link to a certificate.
     *
     * @param url where the certificate lives
     * @return the link
     */
    public static Link<Certificate> certificate(URI url) {
        return new Link<>(url, Certificate.class, Kind.CERTIFICATE);
    }

    /**
     * A link to an order.
     *
     * @param url where the order lives
     * @return the link
     */
    public static Link<Order> order(URI url) {
        return new Link<>(url, Order.class, Kind.ORDER);
    }

    /**
     * A link to one page of an account's order list.
     *
     * @param url where the page lives
     * @return the link
     */
    public static Link<OrderList> orderList(URI url) {
        return new Link<>(url, OrderList.class, Kind.ORDER_LIST);
    }

    /**
     * A link to a challenge.
     *
     * @param url where the challenge lives
     * @return the link
     */
    public static Link<Challenge> challenge(URI url) {
        return new Link<>(url, Challenge.class, Kind.CHALLENGE);
    }

    /** Where the target lives. */
    public URI url() {
        return url;
    }

    /** The target's resource type. */
    public Class<T> type() {
        return type;
    }

    /** The target's kind, for {@link Session#fetch(Link)}. */
    Kind kind() {
        return kind;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Link<?> other && url.equals(other.url) && kind == other.kind;
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, kind);
    }

    @Override
    public String toString() {
        return type.getSimpleName() + "<" + url + ">";
    }
}
