/**
 * Spring Boot autoconfiguration: {@code certwright.domains} and three more properties give an
 * application an SSL bundle ({@code server.ssl.bundle=certwright}) whose certificate Certwright
 * obtains, stores, renews and swaps without a restart. See {@link CertwrightAutoConfiguration}
 * and {@link CertwrightProperties}.
 *
 * @since 0.2.0
 */
package org.certwright.acme.spring;
