/**
 * Implementation of the responders: DNS messages, zone and nameserver discovery, the propagation
 * loop. Not exported; nothing here is API.
 */
package org.certwright.acme.challenges.internal;
