package org.certwright.acme.problem;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.certwright.acme.Identifier;
import org.certwright.acme.internal.text.SafeText;

/**
 * A problem document (RFC 7807) as an ACME server sends it (RFC 8555 §6.7), immutable.
 *
 * <p>Problems appear in error responses, which this library turns into a {@link ProblemException},
 * and inside resources: the {@code error} of a failed challenge or order.
 *
 * @param type        the problem type URI ({@code about:blank} when the server gave none)
 * @param title       a short summary, if given
 * @param detail      a human-readable explanation, if given
 * @param status      the HTTP status the server put in the document, if any
 * @param instance    a URL identifying this occurrence, for example a page a human should visit
 * @param identifier  the identifier this problem is about (subproblems carry one)
 * @param subproblems problems about individual identifiers (RFC 8555 §6.7.1)
 * @param otherFields members this library does not model, kept as plain Java values
 *                    ({@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean})
 */
public record Problem(
        URI type,
        Optional<String> title,
        Optional<String> detail,
        OptionalInt status,
        Optional<URI> instance,
        Optional<Identifier> identifier,
        List<Problem> subproblems,
        Map<String, Object> otherFields) {

    /** The type used when a problem document has no {@code type} member (RFC 7807 §4.2). */
    public static final URI ABOUT_BLANK = URI.create("about:blank");

    /** How many subproblems {@link #describe()} lists. */
    private static final int DESCRIBED_SUBPROBLEMS = 10;

    /** Creates a problem; collections are copied. */
    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(identifier, "identifier");
        subproblems = List.copyOf(subproblems);
        otherFields = Map.copyOf(otherFields);
    }

    /**
     * A problem with just a type and a detail, for tests and for problems built by this library.
     * {@link ProblemType#OTHER} gives {@link #ABOUT_BLANK}, the type of a problem that has none.
     */
    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), Optional.empty(), Optional.of(detail), OptionalInt.empty(),
                Optional.empty(), Optional.empty(), List.of(), Map.of());
    }

    /** The known type of this problem; {@link ProblemType#OTHER} for types this library does not know. */
    public ProblemType knownType() {
        return ProblemType.of(type);
    }

    /**
     * One line for logs and exception messages: type, detail and, for each subproblem, its
     * identifier and detail. What the CA wrote is made safe to print: control and bidi characters
     * are escaped, each field is cut after a few hundred characters, and only the first
     * {@value #DESCRIBED_SUBPROBLEMS} subproblems are described. The fields of this record keep
     * the full text.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        describe(sb);
        return sb.toString();
    }

    private void describe(StringBuilder sb) {
        sb.append(label());
        identifier.ifPresent(id -> sb.append(" [").append(SafeText.clip(id.toString(), SafeText.FIELD_LIMIT)).append(']'));
        detail.or(() -> title).ifPresent(d -> sb.append(": ").append(SafeText.clip(d, SafeText.FIELD_LIMIT)));
        int shown = Math.min(subproblems.size(), DESCRIBED_SUBPROBLEMS);
        for (int i = 0; i < shown; i++) {
            sb.append("; ");
            subproblems.get(i).describe(sb);
        }
        if (subproblems.size() > shown) {
            sb.append("; … ").append(subproblems.size() - shown).append(" more subproblems");
        }
    }

    /**
     * What the problem is called in a message: the token of a known type, the URI of another;
     * for a problem without a usable type, its title or status, never an empty name.
     */
    private String label() {
        ProblemType known = knownType();
        if (known != ProblemType.OTHER) {
            return known.token();
        }
        String t = type.toString();
        boolean untyped = t.isBlank() || type.equals(ABOUT_BLANK) || t.equals(ProblemType.RFC8555_NAMESPACE)
                || t.equals(ProblemType.DRAFT_NAMESPACE);
        if (!untyped) {
            return SafeText.clip(t, SafeText.FIELD_LIMIT);
        }
        return status.isPresent() ? "problem (status " + status.getAsInt() + ")" : "problem";
    }

    @Override
    public String toString() {
        return "Problem[" + describe() + "]";
    }
}
