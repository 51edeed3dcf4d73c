package org.certwright.acme;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the members of draft-barnes-acme resources ({@link Dialect#DRAFT_BARNES_ACME}) that RFC
 * 8555 does not have. They are not part of the resource types, which model RFC 8555, but are
 * kept as the wire members they are in each resource's {@code otherFields}; this class reads them
 * typed. For a resource of an RFC 8555 session the answers are empty.
 *
 * <pre>{@code
 * Registration reg = draftSession.register(request);
 * Optional<String> token = DraftFields.recoveryToken(reg);
 * }</pre>
 *
 * @since 0.2.0
 */
public final class DraftFields {

    /** The registration's {@code agreement} member. */
    public static final String AGREEMENT = "agreement";
    /** The registration's {@code recoveryToken} member. */
    public static final String RECOVERY_TOKEN = "recoveryToken";
    /** The authorization's {@code combinations} member. */
    public static final String COMBINATIONS = "combinations";

    private DraftFields() {
    }

    /**
     * The terms of service a draft registration agreed to ({@code agreement}).
     *
     * @param registration a registration from a draft session
     * @return the terms, or empty if none were agreed to (or for an RFC 8555 account, which
     *         records agreement as {@link Registration#termsOfServiceAgreed()})
     * @since 0.2.0
     */
    public static Optional<URI> agreement(Registration registration) {
        Objects.requireNonNull(registration, "registration");
        return string(registration.otherFields().get(AGREEMENT)).flatMap(DraftFields::uri);
    }

    /**
     * The draft registration's {@code recoveryToken}, a secret for recovering the registration;
     * handle it like a credential.
     *
     * @param registration a registration from a draft session
     * @return the token, or empty if the CA gave none (always for RFC 8555 accounts)
     * @since 0.2.0
     */
    public static Optional<String> recoveryToken(Registration registration) {
        Objects.requireNonNull(registration, "registration");
        return string(registration.otherFields().get(RECOVERY_TOKEN));
    }

    /**
     * The draft authorization's {@code combinations}: sets of indices into
     * {@link Authorization#challenges()}, one of which must be completed in full. A draft
     * authorization that sent no {@code combinations} asks for all its challenges, and the draft
     * parser records that as the one combination of all of them.
     *
     * @param authorization an authorization
     * @return the combinations; empty for RFC 8555 authorizations, where any one challenge will do
     * @throws IllegalArgumentException if {@code combinations} is not an array of arrays of indices
     *                                  of the authorization's challenges
     * @since 0.2.0
     */
    public static List<List<Integer>> combinations(Authorization authorization) {
        Objects.requireNonNull(authorization, "authorization");
        if (!(authorization.otherFields().get(COMBINATIONS) instanceof List<?> rows)) {
            return List.of();
        }
        int size = authorization.challenges().size();
        List<List<Integer>> out = new ArrayList<>();
        for (Object row : rows) {
            if (!(row instanceof List<?> indices)) {
                throw malformed(authorization, rows);
            }
            List<Integer> combination = new ArrayList<>();
            for (Object index : indices) {
                // The draft parser checked the range; an authorization built by hand may not have been.
                if (!(index instanceof Number n) || n.intValue() < 0 || n.intValue() >= size) {
                    throw malformed(authorization, rows);
                }
                combination.add(n.intValue());
            }
            out.add(List.copyOf(combination));
        }
        return List.copyOf(out);
    }

    private static IllegalArgumentException malformed(Authorization authorization, Object value) {
        return new IllegalArgumentException("authorization " + authorization.url() + " has malformed "
                + COMBINATIONS + " " + value + " for its " + authorization.challenges().size() + " challenges");
    }

    private static Optional<String> string(Object value) {
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    private static Optional<URI> uri(String text) {
        try {
            return Optional.of(new URI(text));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }
}
