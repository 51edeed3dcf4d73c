/**
 * The ACME session and the resource model.
 */
package org.certwright.acme;
