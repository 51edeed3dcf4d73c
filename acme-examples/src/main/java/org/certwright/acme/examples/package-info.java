/**
 * Runnable examples of Certwright: among them {@link org.certwright.acme.examples.WebhookDnsResponder},
 * a custom challenge responder in one small class.
 */
package org.certwright.acme.examples;
