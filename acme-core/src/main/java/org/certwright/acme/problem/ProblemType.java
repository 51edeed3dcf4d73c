package org.certwright.acme.problem;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The problem types a CA can report (RFC 8555 §6.7 and later registrations), so that callers can
 * switch on them instead of comparing URNs.
 *
 * <p>Both namespaces are recognised: {@code urn:ietf:params:acme:error:} (RFC 8555) and the
 * {@code urn:acme:error:} of the 2015 drafts, so that the same type comes out whichever dialect a
 * server speaks. Types this library does not know map to {@link #OTHER}; the original URI stays
 * available from {@link Problem#type()}.
 */
public enum ProblemType {
    /** The request named an account that does not exist ({@code onlyReturnExisting}). */
    ACCOUNT_DOES_NOT_EXIST("accountDoesNotExist"),
    /** The certificate named in {@code replaces} was already replaced (RFC 9773). */
    ALREADY_REPLACED("alreadyReplaced"),
    /** The certificate is already revoked. */
    ALREADY_REVOKED("alreadyRevoked"),
    /** The CSR is unacceptable. */
    BAD_CSR("badCSR"),
    /** The nonce was not accepted; the request can be retried with a fresh one. */
    BAD_NONCE("badNonce"),
    /** The JWS was signed with a key the server does not accept. */
    BAD_PUBLIC_KEY("badPublicKey"),
    /** The revocation reason is not allowed. */
    BAD_REVOCATION_REASON("badRevocationReason"),
    /** The JWS algorithm is not supported. */
    BAD_SIGNATURE_ALGORITHM("badSignatureAlgorithm"),
    /** CAA records forbid issuance. */
    CAA("caa"),
    /** Several problems; see the subproblems. */
    COMPOUND("compound"),
    /** The CA could not connect to the validation target. */
    CONNECTION("connection"),
    /** The CA had a problem with DNS while validating. */
    DNS("dns"),
    /** The CA requires an external account binding. */
    EXTERNAL_ACCOUNT_REQUIRED("externalAccountRequired"),
    /** The response to a challenge was not what the CA expected. */
    INCORRECT_RESPONSE("incorrectResponse"),
    /** A contact URL is invalid. */
    INVALID_CONTACT("invalidContact"),
    /** The requested profile is unknown or cannot be used (ACME profiles draft). */
    INVALID_PROFILE("invalidProfile"),
    /** The request was malformed. */
    MALFORMED("malformed"),
    /** The order is not ready to be finalized. */
    ORDER_NOT_READY("orderNotReady"),
    /** A rate limit was exceeded. */
    RATE_LIMITED("rateLimited"),
    /** The CA will not issue for this identifier. */
    REJECTED_IDENTIFIER("rejectedIdentifier"),
    /** The CA had an internal error. */
    SERVER_INTERNAL("serverInternal"),
    /** The CA had a TLS problem while validating. */
    TLS("tls"),
    /** The client lacks authorization for the action. */
    UNAUTHORIZED("unauthorized"),
    /** A contact URL uses a scheme the CA does not support. */
    UNSUPPORTED_CONTACT("unsupportedContact"),
    /** The identifier type is not supported. */
    UNSUPPORTED_IDENTIFIER("unsupportedIdentifier"),
    /** A human must act, usually to accept new terms of service. */
    USER_ACTION_REQUIRED("userActionRequired"),
    /**
     * The pre-RFC form of "accept the terms of service first" that some servers (Pebble 2.4)
     * still send; treated like {@link #USER_ACTION_REQUIRED}.
     */
    AGREEMENT_REQUIRED("agreementRequired"),
    /** A type this library does not know. */
    OTHER("");

    /** The RFC 8555 namespace of ACME problem types. */
    public static final String RFC8555_NAMESPACE = "urn:ietf:params:acme:error:";
    /** The namespace of the 2015 drafts and Boulder's ACME v1. */
    public static final String DRAFT_NAMESPACE = "urn:acme:error:";

    private static final Map<String, ProblemType> BY_TOKEN = new HashMap<>();

    static {
        for (ProblemType t : values()) {
            if (t != OTHER) {
                BY_TOKEN.put(t.token, t);
            }
        }
        // Boulder's ACME v1 name for what RFC 8555 calls invalidContact.
        BY_TOKEN.put("invalidEmail", INVALID_CONTACT);
    }

    private final String token;

    ProblemType(String token) {
        this.token = token;
    }

    /** The short name after the namespace, for example {@code badNonce}; empty for {@link #OTHER}. */
    public String token() {
        return token;
    }

    /**
     * The RFC 8555 URN of this type, for example {@code urn:ietf:params:acme:error:badNonce};
     * {@code about:blank} for {@link #OTHER}, which has no URN of its own.
     */
    public URI uri() {
        return this == OTHER ? Problem.ABOUT_BLANK : URI.create(RFC8555_NAMESPACE + token);
    }

    /** The type a problem URI stands for, in either namespace; {@link #OTHER} when unknown. */
    public static ProblemType of(URI type) {
        String s = type.toString();
        String token;
        if (s.startsWith(RFC8555_NAMESPACE)) {
            token = s.substring(RFC8555_NAMESPACE.length());
        } else if (s.startsWith(DRAFT_NAMESPACE)) {
            token = s.substring(DRAFT_NAMESPACE.length());
        } else {
            return OTHER;
        }
        return BY_TOKEN.getOrDefault(token, OTHER);
    }
}
