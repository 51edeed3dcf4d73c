/**
 * File system helpers for writing key and certificate files safely. Not exported.
 */
package org.certwright.acme.internal.io;
