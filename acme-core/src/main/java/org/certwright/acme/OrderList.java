package org.certwright.acme;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of an account's orders (RFC 8555 §7.1.2.1). Follow {@link #next()} with
 * {@link Session#fetch(Link)} for the next page.
 *
 * <p>An immutable snapshot. Pages are normally made by the {@link Session} from the CA's
 * responses; {@link #builder} exists for tests, and {@link #toBuilder()} for copies with a change.
 */
public final class OrderList implements LinkTarget {

    private final URI url;
    private final List<Link<Order>> orders;
    private final Optional<Link<OrderList>> next;

    private OrderList(Builder b) {
        this.url = Objects.requireNonNull(b.url, "url");
        this.orders = b.orders;
        this.next = b.next;
    }

    /**
     * A builder for an {@link OrderList}, for tests and for code that makes resources itself; the session
     * makes them from the CA's responses.
     *
     * @param url this page's URL
     * @return the builder
     * @since 0.2.0
     */
    public static Builder builder(URI url) {
        Builder b = new Builder();
        b.url = Objects.requireNonNull(url, "url");
        return b;
    }

    /**
     * A builder holding this resource's values, for a copy with some of them changed.
     *
     * @return the builder
     * @since 0.2.0
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.url = url;
        b.orders = orders;
        b.next = next;
        return b;
    }

    /** This page's URL. */
    @Override
    public URI url() {
        return url;
    }

    /** The orders on this page. */
    public List<Link<Order>> orders() {
        return orders;
    }

    /** The next page ({@code Link rel="next"}), if there is one. */
    public Optional<Link<OrderList>> next() {
        return next;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        return o instanceof OrderList other
                && url.equals(other.url)
                && orders.equals(other.orders)
                && next.equals(other.next);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, orders, next);
    }

    @Override
    public String toString() {
        return "OrderList["
                + "url=" + url
                + ", orders=" + orders
                + ", next=" + next
                + "]";
    }

    /**
     * Builds an {@link OrderList}. Setters check for {@code null} and copy collections; {@link #build()}
     * checks that the parts the resource needs are there.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private URI url;
        private List<Link<Order>> orders = List.of();
        private Optional<Link<OrderList>> next = Optional.empty();

        private Builder() {
        }

        /**
         * Sets this page's URL.
         *
         * @param url the value
         * @return this builder
         */
        public Builder url(URI url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Sets the orders on this page.
         *
         * @param orders the values, copied
         * @return this builder
         */
        public Builder orders(List<Link<Order>> orders) {
            this.orders = List.copyOf(orders);
            return this;
        }

        /**
         * Sets the next page ({@code Link rel="next"}), if there is one.
         *
         * @param next the value
         * @return this builder
         */
        public Builder next(Link<OrderList> next) {
            this.next = Optional.of(next);
            return this;
        }

        /**
         * Sets or clears the next page ({@code Link rel="next"}), if there is one.
         *
         * @param next the value, or empty for none
         * @return this builder
         */
        public Builder next(Optional<Link<OrderList>> next) {
            this.next = Objects.requireNonNull(next, "next");
            return this;
        }

        /**
         * Builds the OrderList.
         *
         * @return an {@link OrderList} with this builder's values
         */
        public OrderList build() {
            return new OrderList(this);
        }
    }
}
