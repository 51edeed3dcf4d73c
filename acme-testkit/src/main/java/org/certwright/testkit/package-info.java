/**
 * Runs Let's Encrypt's test CA, Pebble, for integration tests.
 *
 * <p>Annotate a test class with {@link org.certwright.testkit.Pebble @Pebble} (or register
 * {@link org.certwright.testkit.PebbleExtension}) and declare a
 * {@link org.certwright.testkit.PebbleServer} parameter:
 *
 * <pre>{@code
 * @Pebble
 * class IssuanceIT {
 *     @Test
 *     void issues(PebbleServer pebble) {
 *         var session = ...directory(pebble.directoryUrl()).trust(pebble.sslContext())...;
 *         try (var http01 = Http01TestServer.start(pebble.httpPort())) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Pebble is obtained by {@code scripts/fetch-pebble.sh}, which {@code ./mvnw verify} runs.
 *
 * <p>{@link org.certwright.testkit.BindServer} runs a BIND 9 {@code named} of the test's own, the
 * primary of a zone that accepts TSIG-signed dynamic updates; started with its address,
 * {@link org.certwright.testkit.PebbleServer#start(PebbleConfig, java.net.InetSocketAddress)} gives a
 * Pebble that validates dns-01 against it.
 */
package org.certwright.testkit;
