/**
 * What can go wrong, as typed exceptions: {@link org.certwright.acme.problem.ProblemException} and
 * its subclasses for problems the CA reports, {@link org.certwright.acme.problem.Problem} for the
 * problem documents themselves, and exceptions for network failures, malformed responses and
 * timeouts.
 */
package org.certwright.acme.problem;
