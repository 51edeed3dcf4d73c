package org.certwright.acme;

import java.net.URI;

/**
 * A resource a {@link Link} can point at, and so one {@link Session#fetch(Link)} can return: an
 * {@link Order}, an {@link Authorization}, a {@link Challenge}, a {@link Certificate} or a page
 * of an account's orders ({@link OrderList}). The set is closed, so a link to anything else does
 * not compile.
 *
 * @since 0.2.0
 */
public sealed interface LinkTarget permits Order, Authorization, Challenge, Certificate, OrderList {

    /** Where the resource lives. */
    URI url();
}
