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
 */
package org.certwright.testkit;
